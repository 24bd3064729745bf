using LvsOperator.Operator.Hosting;

namespace LvsOperator.Operator.Tests.Hosting;

public sealed class OptionsTests
{
    [Fact]
    public void The_defaults_are_the_documented_ones_and_valid()
    {
        var options = new OperatorOptions();

        Assert.Equal((9407, "127.0.0.1", "lvs-system", true, 2), (options.HttpPort, options.HttpAddress, options.Namespace, options.LeaderElect, options.Workers));
        Assert.Equal((15, 10, 2), ((int)options.LeaseDuration.TotalSeconds, (int)options.RenewDeadline.TotalSeconds, (int)options.RetryPeriod.TotalSeconds));
        Assert.Empty(options.Problems());
    }

    [Fact]
    public void Every_bad_setting_is_named()
    {
        var options = new OperatorOptions
        {
            Namespace = " ",
            HttpPort = 70000,
            HttpAddress = "localhost",
            Workers = 0,
            LeaseDuration = TimeSpan.FromSeconds(5),
            RenewDeadline = TimeSpan.FromSeconds(10),
            AgentGoneAfter = TimeSpan.Zero,
        };

        var problems = string.Join("\n", options.Problems());

        foreach (var part in new[] { "--namespace", "--http-port 70000", "--http-address 'localhost'", "--workers 0", "lease duration > renew deadline", "--agent-gone-after" })
        {
            Assert.Contains(part, problems, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--workers 3 --namespace x", null)]
    [InlineData("--workers=3 --leader-elect=false", null)]
    [InlineData("--wrokers 3", "unknown option --wrokers")]
    [InlineData("stray", "unexpected argument 'stray'")]
    [InlineData("--workers", "option --workers needs a value")]
    public void Unknown_switches_and_missing_values_are_refused(string line, string? error)
    {
        var args = line.Split(' ');

        var thrown = Record.Exception(() => CommandLineCheck.ThrowOnUnknown(args, OperatorApplication.SwitchMappings));

        if (error is null)
        {
            Assert.Null(thrown);
        }
        else
        {
            Assert.Contains(error, Assert.IsType<InvalidOperationException>(thrown).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_cluster_is_found_from_the_flag_then_KUBECONFIG_and_a_missing_file_is_an_error()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://198.18.0.250:6443", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """);
            var fromEnv = ClusterConfig.Resolve(null, name => name == "KUBECONFIG" ? $"/nonexistent:{file}" : null);
            var fromFlag = ClusterConfig.Resolve(file, _ => "/nonexistent");

            Assert.Equal("https://198.18.0.250:6443", fromEnv.Host.TrimEnd('/'));
            Assert.Equal("https://198.18.0.250:6443", fromFlag.Host.TrimEnd('/'));
            var none = Assert.Throws<InvalidOperationException>(() => ClusterConfig.Resolve(null, _ => "/nonexistent/a:/nonexistent/b"));
            Assert.Contains("names no existing file", none.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

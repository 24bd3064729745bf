using System.CommandLine;

namespace LvsOperator.Cli.Tests;

public sealed class LvsctlTests
{
    [Fact]
    public async Task Help_lists_every_verb()
    {
        var (code, output, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var verb in new[] { "sandbox", "list", "conns", "demo" })
        {
            Assert.Contains($"  {verb} ", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("list", "--stats", "--rate", "--server <URL>")]
    [InlineData("conns", "--limit <N>", "--server <URL>")]
    [InlineData("demo", "--requests <N>", "--config <FILE>")]
    [InlineData("sandbox api", "--kubeconfig <FILE>", "--port <N>", "--rbac", "-v, --verbose")]
    [InlineData("sandbox up", "--kubeconfig <FILE>", "--nodes <N>", "--pods <N>", "--grace-period <SECONDS>", "--image <IMAGE=DLL>", "--without-operator", "--without-agents", "--port <N>", "--ready-timeout <SECONDS>", "-v, --verbose")]
    [InlineData("sandbox scale", "<DEPLOYMENT>", "<N>", "--kubeconfig <FILE>", "-n, --namespace <NS>")]
    public async Task Help_of_a_verb_lists_its_flags(string verb, params string[] flags)
    {
        var (code, output, _) = await RunAsync([.. verb.Split(' '), "--help"]);

        Assert.Equal(0, code);
        Assert.All(flags, flag => Assert.Contains(flag, output, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "Required command was not provided")]
    [InlineData("frobnicate", "Unrecognized command or argument 'frobnicate'")]
    [InlineData("list --bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("list --stats --rate", "--stats and --rate show different columns; choose one")]
    [InlineData("list --server", "Required argument missing for option: '--server'")]
    [InlineData("conns extra", "Unrecognized command or argument 'extra'")]
    [InlineData("conns --limit -1", "--limit must be a count of connections, 0..2147483647 (got '-1')")]
    [InlineData("conns --limit all", "--limit must be a count of connections, 0..2147483647 (got 'all')")]
    [InlineData("demo --requests 0", "--requests must be a count of requests, 1..10000 (got '0')")]
    [InlineData("demo --requests many", "--requests must be a count of requests, 1..10000 (got 'many')")]
    [InlineData("sandbox api", "Option '--kubeconfig' is required")]
    [InlineData("sandbox api --kubeconfig k --port 70000", "--port must be a TCP port, 0..65535 (got '70000')")]
    [InlineData("sandbox api --kubeconfig k --port -1", "--port must be a TCP port, 0..65535")]
    [InlineData("sandbox up", "Option '--kubeconfig' is required")]
    [InlineData("sandbox up --kubeconfig k --nodes 0", "--nodes must be a node count, 1..32 (got '0')")]
    [InlineData("sandbox up --kubeconfig k --pods many", "--pods must be a pod count, 0..1000 (got 'many')")]
    [InlineData("sandbox up --kubeconfig k --image lvs-agent:dev", "--image must be IMAGE=DLL (got 'lvs-agent:dev')")]
    [InlineData("sandbox scale echo -1 --kubeconfig k", "N must be a pod count, 0..1000")]
    [InlineData("sandbox scale echo --kubeconfig k", "Required argument 'N' missing for command: 'scale'")]
    public async Task Bad_arguments_say_what_is_wrong_and_exit_2(string args, string message)
    {
        var (code, output, error) = await RunAsync(args.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains("Usage:", error, StringComparison.Ordinal); // the failing command's help follows the message
        Assert.Equal("", output);
    }

    [Fact]
    public async Task An_agent_that_does_not_answer_is_a_failure_of_the_command_not_of_its_arguments()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var (code, _, _) = await RunAsync("list", "--server", "http://127.0.0.1:1");

        Assert.Equal(1, code);
    }

    [Fact]
    public async Task Cancelling_stops_the_sandbox_api_server_cleanly()
    {
        var directory = Directory.CreateTempSubdirectory("lvsctl-test-").FullName;
        try
        {
            var kubeconfig = Path.Combine(directory, "kubeconfig");
            using var stop = new CancellationTokenSource();
            var run = Lvsctl.RunAsync(["sandbox", "api", "--kubeconfig", kubeconfig], new InvocationConfiguration(), stop.Token);
            for (var waited = 0; !File.Exists(kubeconfig) && !run.IsCompleted; waited += 50)
            {
                Assert.True(waited < 30_000, "the kubeconfig was not written within 30 s");
                await Task.Delay(50);
            }

            await stop.CancelAsync();

            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Lvsctl.RunAsync(args, new InvocationConfiguration { Output = output, Error = error }, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}

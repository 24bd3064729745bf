using System.Net;
using System.Net.Sockets;
using k8s;
using LvsOperator.Operator.Tests.TestSupport;
using LvsOperator.Sandbox.Processes;
using Xunit.Abstractions;

namespace LvsOperator.Operator.Tests.Hosting;

/// <summary>The operator as the sandbox and a Deployment run it: <c>dotnet LvsOperator.Operator.dll</c>, configured by KUBECONFIG and POD_* variables.</summary>
public sealed class ProcessTests(ITestOutputHelper output)
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "LvsOperator.Operator.dll");

    [Fact]
    public async Task Runs_from_the_environment_leads_and_on_sigterm_releases_its_lease_and_exits_0()
    {
        await using var harness = await OperatorHarness.StartAsync(output);
        var port = FreePort();
        var command = ProcessCommand.Of("dotnet", Dll, "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)) with
        {
            Environment = new Dictionary<string, string?>
            {
                ["KUBECONFIG"] = harness.OperatorKubeconfig,
                ["POD_NAMESPACE"] = OperatorHarness.AgentsNamespace,
                ["POD_NAME"] = "lvs-operator-7f9c-x2x4b",
            },
            Timeout = TimeSpan.FromMinutes(2),
        };
        await using var process = ProcessRunner.Start(command, line => output.WriteLine("operator: " + line));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };

        await Wait.ForAsync(async () => await ReadyAsync(http), body => body.StartsWith("ok, leading", StringComparison.Ordinal), "the process to lead");
        var held = await harness.Admin.CoordinationV1.ReadNamespacedLeaseAsync("lvs-operator", OperatorHarness.AgentsNamespace);
        Assert.Equal("lvs-operator-7f9c-x2x4b", held.Spec.HolderIdentity);

        Assert.True(process.Signal(ProcessSignal.Terminate));
        var result = await process.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, result.ExitCode);
        var released = await harness.Admin.CoordinationV1.ReadNamespacedLeaseAsync("lvs-operator", OperatorHarness.AgentsNamespace);
        Assert.True(string.IsNullOrEmpty(released.Spec.HolderIdentity), $"the Lease is still held by {released.Spec.HolderIdentity}");
    }

    [Fact]
    public async Task A_bad_option_or_no_cluster_is_a_clear_error_and_exit_1()
    {
        var unknown = await ProcessRunner.ExecuteAsync(ProcessCommand.Of("dotnet", Dll, "--wrokers", "3"));
        var missing = await ProcessRunner.ExecuteAsync(ProcessCommand.Of("dotnet", Dll, "--kubeconfig", "/nonexistent/kubeconfig"));
        var help = await ProcessRunner.ExecuteAsync(ProcessCommand.Of("dotnet", Dll, "--help"));

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("unknown option --wrokers", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("kubeconfig /nonexistent/kubeconfig does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--leader-elect-lease-duration", help.Stdout, StringComparison.Ordinal);
    }

    private static async Task<string?> ReadyAsync(HttpClient http)
    {
        try
        {
            return await http.GetStringAsync(new Uri("/readyz", UriKind.Relative));
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet, or not ready (503)
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

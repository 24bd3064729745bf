using System.Globalization;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Cli.Tests.Sandbox;

/// <summary>
/// `lvsctl sandbox up` as a user runs it, in a process of its own: one node, one echo pod, and the stand-in container
/// (LvsOperator.Sandbox.TestPod) as the operator's and the agent's image. It must print its one stdout line, write
/// FILE for kubectl, and on SIGTERM exit 0 leaving no namespace, link or process behind.
/// </summary>
public sealed class SandboxUpTests : IDisposable
{
    private static readonly TimeSpan UpLimit = TimeSpan.FromMinutes(2);
    private readonly string _workDir = Directory.CreateTempSubdirectory("lvs-sandbox-up-test-").FullName;

    [Fact]
    public async Task Up_prints_the_client_namespace_writes_the_kubeconfig_and_SIGTERM_leaves_nothing_behind()
    {
        var kubeconfig = Path.Combine(_workDir, "kubeconfig");
        var testPod = Path.Combine(AppContext.BaseDirectory, "LvsOperator.Sandbox.TestPod.dll");
        var linksBefore = HostLinks();
        await using var up = ProcessRunner.Start(Lvsctl(
            "sandbox", "up", "--kubeconfig", kubeconfig, "--nodes", "1", "--pods", "1", "--grace-period", "1", "--verbose",
            "--image", $"lvs-operator:dev={testPod}", "--image", $"lvs-agent:dev={testPod}"));

        var line = await WaitForClientLineAsync(up);
        var clientNamespace = line["client-namespace: ".Length..];
        var id = clientNamespace.Split('-')[1];
        Assert.Matches("^lvs-[0-9a-f]{6}-client$", clientNamespace);
        Assert.True(File.Exists($"/run/netns/{clientNamespace}"));
        Assert.Equal("node/node1\n", Kubectl(kubeconfig, "get", "nodes", "-o", "name"));
        var scaled = ProcessRunner.Execute(Lvsctl("sandbox", "scale", "echo", "2", "--kubeconfig", kubeconfig)).EnsureSuccess();
        Assert.Equal("deployment.apps/echo scaled to 2\n", scaled.Stdout);
        Assert.Equal("2", Kubectl(kubeconfig, "get", "deployment", "echo", "-o", "jsonpath={.spec.replicas}"));
        Assert.NotEmpty(ProcessesOf(id)); // the agent and the operator run, with the run's credentials

        Assert.True(up.Signal(ProcessSignal.Terminate));
        var result = await up.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([line], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // the one stdout line
        Assert.Empty(Directory.GetFiles("/run/netns", $"lvs-{id}-*"));
        Assert.Empty(ProcessesOf(id));
        Assert.Equal(linksBefore, HostLinks());
    }

    public void Dispose() => Directory.Delete(_workDir, recursive: true);

    private static async Task<string> WaitForClientLineAsync(RunningProcess up)
    {
        var deadline = DateTime.UtcNow + UpLimit;
        while (DateTime.UtcNow < deadline && !up.HasExited)
        {
            if (up.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("client-namespace: ", StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"lvsctl sandbox up printed no client-namespace line (exited: {up.HasExited})\nstdout:\n{up.Stdout}\nstderr:\n{up.Stderr}");
    }

    private ProcessCommand Lvsctl(params string[] args) =>
        ProcessCommand.Of("dotnet", [Path.Combine(AppContext.BaseDirectory, "lvsctl.dll"), .. args]) with
        {
            Environment = new Dictionary<string, string?> { ["TMPDIR"] = _workDir }, // the run's logs land here, removed with it
            Timeout = UpLimit,
        };

    private string Kubectl(string kubeconfig, params string[] args) =>
        ProcessRunner.Execute(ProcessCommand.Of("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, .. args]) with
        {
            Environment = new Dictionary<string, string?> { ["KUBECACHEDIR"] = Path.Combine(_workDir, "kube-cache"), ["HOME"] = _workDir },
        }).EnsureSuccess().Stdout;

    /// <summary>Processes that carry the run's credentials in their environment (every container process does).</summary>
    private static List<int> ProcessesOf(string id)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId)
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "environ")).Contains($"lvs-sandbox-{id}", StringComparison.Ordinal))
                    {
                        pids.Add(pid);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Gone meanwhile, or a kernel thread.
                }
            }
        }

        return pids;
    }

    private static string HostLinks() =>
        string.Join('\n', ProcessRunner.Run("ip", "-o", "link", "show").Split('\n').Select(l => l.Split(':').ElementAtOrDefault(1)?.Trim()).Order());
}

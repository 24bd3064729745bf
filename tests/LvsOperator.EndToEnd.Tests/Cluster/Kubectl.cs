using LvsOperator.Sandbox.Processes;

namespace LvsOperator.EndToEnd.Tests.Cluster;

/// <summary>The real kubectl (from PATH) against the sandbox's admin kubeconfig, with its cache inside the test's directory.</summary>
public sealed class Kubectl(string kubeconfig, string workDirectory)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs kubectl and says how it ended, whatever the exit code.</summary>
    public Task<ProcessResult> TryRunAsync(IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null) =>
        ProcessRunner.ExecuteAsync(ProcessCommand.Of("kubectl", ["--kubeconfig", kubeconfig, .. arguments]) with
        {
            StandardInput = standardInput,
            Timeout = timeout ?? DefaultTimeout,
            Environment = new Dictionary<string, string?>
            {
                ["HOME"] = workDirectory,
                ["KUBECACHEDIR"] = Path.Combine(workDirectory, "kube-cache"),
            },
        });

    /// <summary>Runs kubectl and returns its stdout; a non-zero exit throws with both streams.</summary>
    public async Task<string> RunAsync(params string[] arguments) => (await TryRunAsync(arguments)).EnsureSuccess().Stdout;

    /// <summary>`kubectl apply -f -` of a manifest.</summary>
    public Task<ProcessResult> TryApplyAsync(string manifest) => TryRunAsync(["apply", "-f", "-"], manifest);

    public async Task ApplyAsync(string manifest) => (await TryApplyAsync(manifest)).EnsureSuccess();
}

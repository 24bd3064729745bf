using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Tests.ApiServer.Kubectl;

/// <summary>
/// The real /usr/bin/kubectl with only --kubeconfig added, a private cache directory so discovery caches never leak
/// between servers, and a hard bound after which the process is killed.
/// </summary>
internal sealed class KubectlRunner(string kubeconfig, string workDir)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    public Task<ProcessResult> RunAsync(params string[] args) => ProcessRunner.ExecuteAsync(Command(args));

    /// <summary>Starts kubectl without waiting, for commands that block (wait, delete of a finalized object).</summary>
    public RunningProcess Start(params string[] args) => ProcessRunner.Start(Command(args));

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(workDir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private ProcessCommand Command(string[] args) => ProcessCommand.Of("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, .. args]) with
    {
        Environment = new Dictionary<string, string?>
        {
            ["KUBECACHEDIR"] = Path.Combine(workDir, "kube-cache"),
            ["HOME"] = workDir,
        },
        Timeout = Bound,
    };
}

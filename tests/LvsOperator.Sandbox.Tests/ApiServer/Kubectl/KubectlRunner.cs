using System.Diagnostics;

namespace LvsOperator.Sandbox.Tests.ApiServer.Kubectl;

/// <summary>
/// Runs the real /usr/bin/kubectl with only --kubeconfig added, with a private cache directory so discovery
/// caches never leak between servers, and a hard bound after which the process is killed.
/// </summary>
internal sealed class KubectlRunner(string kubeconfig, string workDir)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    public async Task<KubectlResult> RunAsync(params string[] args)
    {
        using var process = Start(args);
        return await process.WaitAsync();
    }

    /// <summary>Starts kubectl without waiting, for commands that block (wait, delete of a finalized object).</summary>
    public KubectlProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["KUBECACHEDIR"] = Path.Combine(workDir, "kube-cache");
        start.Environment["HOME"] = workDir;
        return new KubectlProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start kubectl"), Bound);
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(workDir, name);
        File.WriteAllText(path, content);
        return path;
    }
}

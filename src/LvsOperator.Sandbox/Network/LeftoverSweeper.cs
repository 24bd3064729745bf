using System.Globalization;
using LvsOperator.Sandbox.Interop;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Network;

/// <summary>
/// Removes namespaces left by crashed runs. Each <see cref="NamespaceSet"/> writes a marker /run/lvs-e2e/ID holding the owning PID;
/// only namespaces named lvs-ID-* whose marker names a dead process are removed, so a parallel run (or another
/// engineer's sandbox that happens to use the lvs- prefix) is never touched.
/// </summary>
public static class LeftoverSweeper
{
    private const string MarkerDirectory = "/run/lvs-e2e";

    public static void MarkOwned(string id)
    {
        Directory.CreateDirectory(MarkerDirectory);
        File.WriteAllText(Path.Combine(MarkerDirectory, id), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }

    public static void Unmark(string id) => File.Delete(Path.Combine(MarkerDirectory, id));

    public static void Sweep()
    {
        if (!Directory.Exists(MarkerDirectory))
        {
            return;
        }

        var namespaces = ListNamespaces();
        foreach (var marker in Directory.GetFiles(MarkerDirectory))
        {
            var id = Path.GetFileName(marker);
            if (!int.TryParse(File.ReadAllText(marker).Trim(), CultureInfo.InvariantCulture, out var pid) || IsAlive(pid))
            {
                continue;
            }

            foreach (var ns in namespaces.Where(n => n.StartsWith($"{NamespaceSet.Prefix}{id}-", StringComparison.Ordinal)))
            {
                DeleteNamespace(ns);
            }

            // A multi-node sandbox (in the default place) keeps its pods' ServiceAccount tokens there; its logs stay.
            var credentials = RunDirectory.Credentials(Path.GetTempPath(), id);
            if (Directory.Exists(credentials))
            {
                Directory.Delete(credentials, recursive: true);
            }

            File.Delete(marker);
        }
    }

    /// <summary>Kills what still runs inside the namespace (processes this harness started there), then deletes it.</summary>
    public static void DeleteNamespace(string ns)
    {
        if (!NetworkNamespace.Exists(ns))
        {
            return;
        }

        var pids = ProcessRunner.TryRun("ip", "netns", "pids", ns);
        foreach (var line in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(line, CultureInfo.InvariantCulture, out var pid))
            {
                _ = LibC.Kill(pid, (int)ProcessSignal.Kill);
            }
        }

        ProcessRunner.TryRun("ip", "netns", "del", ns);
    }

    private static List<string> ListNamespaces() =>
        ProcessRunner.TryRun("ip", "netns", "list").Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])
            .ToList();

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");
}

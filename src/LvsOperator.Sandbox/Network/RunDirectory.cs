namespace LvsOperator.Sandbox.Network;

/// <summary>
/// Where a multi-node sandbox run keeps its files: ROOT/lvs-sandbox-ID, with logs/ (kept after the run, for
/// post-mortems) and credentials/ (its pods' ServiceAccount tokens: removed with the run, or by the next start's sweep
/// after a crash).
/// </summary>
public static class RunDirectory
{
    public static string Of(string root, string id) => Path.Combine(root, $"lvs-sandbox-{id}");

    public static string Logs(string root, string id) => Path.Combine(Of(root, id), "logs");

    public static string Credentials(string root, string id) => Path.Combine(Of(root, id), "credentials");
}

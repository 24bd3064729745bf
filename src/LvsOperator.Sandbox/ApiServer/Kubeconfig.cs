namespace LvsOperator.Sandbox.ApiServer;

/// <summary>Renders and writes kubeconfig files pointing at a sandbox API server.</summary>
public static class Kubeconfig
{
    /// <summary>A kubeconfig for server, trusting caPem (the server's self-signed certificate) and sending token.</summary>
    public static string Render(Uri server, string caPem, string token, string userName = "lvs-sandbox-admin", string defaultNamespace = "default") =>
        $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: lvs-sandbox
          cluster:
            server: {server.ToString().TrimEnd('/')}
            certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(caPem))}
        users:
        - name: {userName}
          user:
            token: {token}
        contexts:
        - name: lvs-sandbox
          context:
            cluster: lvs-sandbox
            user: {userName}
            namespace: {defaultNamespace}
        current-context: lvs-sandbox

        """;

    /// <summary>Writes atomically (temp file then rename) so a watcher of the path never reads half a file.</summary>
    public static async Task WriteAsync(string path, string content, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        await File.WriteAllTextAsync(temp, content, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, full, overwrite: true);
    }
}

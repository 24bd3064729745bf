using System.Diagnostics;

namespace LvsOperator.Dataplane.Tests.Netns;

/// <summary>Runs a command (ip, nft, ethtool) and returns its output; throws with stderr when it fails and must not.</summary>
internal static class Shell
{
    public static string Run(string file, string arguments, string? stdin = null, bool check = true)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish in 30 s");
        }

        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {stderr}");
        }

        return stdout.Result;
    }
}

using System.Diagnostics;

namespace LvsOperator.Sandbox.Tests.ApiServer.Helm;

/// <summary>Runs a real CLI (helm, kubectl) to completion with a hard bound, killing it if it hangs.</summary>
internal static class ToolProcess
{
    public static async Task<ToolResult> RunAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan bound)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new ToolResult(-1, await stdout, $"{await stderr}\n(killed after {bound})");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}

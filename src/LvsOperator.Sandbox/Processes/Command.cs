using System.Diagnostics;

namespace LvsOperator.Sandbox.Processes;

/// <summary>Runs short host commands (ip, nft, sysctl) with a timeout and turns a failure into an exception that carries stderr.</summary>
public static class Command
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static string Run(string file, params string[] args) => Run(file, args, stdin: null, throwOnError: true, DefaultTimeout).Output;

    public static CommandResult TryRun(string file, params string[] args) => Run(file, args, stdin: null, throwOnError: false, DefaultTimeout);

    public static string RunWithInput(string stdin, string file, params string[] args) =>
        Run(file, args, stdin, throwOnError: true, DefaultTimeout).Output;

    public static CommandResult TryRunLong(TimeSpan timeout, string file, params string[] args) =>
        Run(file, args, stdin: null, throwOnError: false, timeout);

    /// <summary>Runs a command inside a network namespace through <c>ip netns exec</c>.</summary>
    public static string RunIn(string ns, string file, params string[] args) => Run("ip", ["netns", "exec", ns, file, .. args]);

    private static CommandResult Run(string file, string[] args, string? stdin, bool throwOnError, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }

        process.WaitForExit();
        var result = new CommandResult(process.ExitCode, stdout.Result, stderr.Result);
        if (throwOnError && result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited {result.ExitCode}: {result.Error.Trim()}");
        }

        return result;
    }
}

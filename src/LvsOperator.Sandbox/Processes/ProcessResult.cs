using System.Globalization;

namespace LvsOperator.Sandbox.Processes;

/// <summary>How a program ended: its exit code and what it wrote.</summary>
public sealed record ProcessResult(ProcessCommand Command, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>This result when the program exited 0; otherwise an exception that carries the command and its stderr.</summary>
    public ProcessResult EnsureSuccess() => Succeeded
        ? this
        : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"{Command} exited {ExitCode}: {(Stderr.Trim().Length > 0 ? Stderr.Trim() : Stdout.Trim())}"));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Command}\nexit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
}

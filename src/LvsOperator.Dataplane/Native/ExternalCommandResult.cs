namespace LvsOperator.Dataplane.Native;

/// <summary>How a configuration program ended: its exit code and what it wrote.</summary>
internal sealed record ExternalCommandResult(int ExitCode, string Output, string Errors)
{
    public bool Succeeded => ExitCode == 0;
}

namespace LvsOperator.Sandbox.Processes;

public sealed record CommandResult(int ExitCode, string Output, string Error);

namespace LvsOperator.Netns.Namespaces;

public sealed record CommandResult(int ExitCode, string Output, string Error);

using System.CommandLine;

namespace LvsOperator.Cli.Commands;

/// <summary>`lvsctl sandbox ...`: a local cluster for the demo and tests.</summary>
internal static class SandboxCommand
{
    public static Command Create() => new("sandbox", "a local cluster for the demo and tests")
    {
        SandboxApiCommand.Create(),
        SandboxUpCommand.Create(),
        SandboxScaleCommand.Create(),
    };
}

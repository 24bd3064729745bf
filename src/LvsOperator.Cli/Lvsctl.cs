using System.CommandLine;
using System.CommandLine.Parsing;
using LvsOperator.Cli.Commands;

namespace LvsOperator.Cli;

/// <summary>The command tree of lvsctl (System.CommandLine): one command class per verb, help and errors for free.</summary>
internal static class Lvsctl
{
    /// <summary>What a command line that does not parse exits with, as the hand-written parser did and as getopt tools do.</summary>
    public const int UsageExitCode = 2;

    public static RootCommand CreateRootCommand() => new("lvsctl: ipvsadm-like views of the LvsOperator agent, its demo, and the sandbox")
    {
        SandboxCommand.Create(),
        ListCommand.Create(),
        ConnectionsCommand.Create(),
        DemoCommand.Create(),
    };

    /// <summary>
    /// Parses and runs. A bad command line prints what is wrong and the command's help to the error writer and exits
    /// <see cref="UsageExitCode"/>; the command's own failures exit 1. Cancellation comes from the caller's token
    /// (SIGTERM, Ctrl-C): System.CommandLine's own signal handling is off so a command gets all the time it needs to
    /// clean up.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.ProcessTerminationTimeout = null;
        var root = CreateRootCommand();
        var result = root.Parse(args);
        if (result.Errors.Count == 0)
        {
            return await result.InvokeAsync(configuration, cancellationToken);
        }

        foreach (var error in result.Errors)
        {
            await configuration.Error.WriteLineAsync(error.Message);
        }

        await configuration.Error.WriteLineAsync();
        var help = new InvocationConfiguration { Output = configuration.Error, Error = configuration.Error };
        await root.Parse([.. CommandPath(result.CommandResult), "--help"]).InvokeAsync(help, cancellationToken);
        return UsageExitCode;
    }

    /// <summary>The verbs that lead to the command that failed to parse ("sandbox", "api"), for its help.</summary>
    private static List<string> CommandPath(CommandResult command)
    {
        var path = new List<string>();
        for (SymbolResult? result = command; result is CommandResult { Parent: not null } verb; result = verb.Parent)
        {
            path.Insert(0, verb.Command.Name);
        }

        return path;
    }
}

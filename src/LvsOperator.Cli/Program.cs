using LvsOperator.Cli.Commands;

namespace LvsOperator.Cli;

/// <summary>lvsctl: a table of verbs, each a command class; the first words that match a row pick the command.</summary>
internal static class Program
{
    private static readonly (string[] Verbs, string Usage, Func<string[], CancellationToken, Task<int>> Run)[] Commands =
    [
        (["sandbox", "api"], "sandbox api --kubeconfig FILE [--port N] [--rbac] [--verbose]   run the in-memory Kubernetes API server", SandboxApiCommand.RunAsync),
        (["list"], ListCommand.Usage, ListCommand.RunAsync),
        (["conns"], ConnectionsCommand.Usage, ConnectionsCommand.RunAsync),
        (["demo"], DemoCommand.Usage, DemoCommand.RunAsync),
    ];

    public static async Task<int> Main(string[] args)
    {
        foreach (var (verbs, _, run) in Commands)
        {
            if (args.Length >= verbs.Length && verbs.AsSpan().SequenceEqual(args.AsSpan(0, verbs.Length)))
            {
                using var stop = new CancellationTokenSource();
                using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
                {
                    ctx.Cancel = true;
                    stop.Cancel();
                });
                Console.CancelKeyPress += (_, e) =>
                {
                    e.Cancel = true;
                    stop.Cancel();
                };
                return await run(args[verbs.Length..], stop.Token);
            }
        }

        await Console.Error.WriteLineAsync("usage: lvsctl <command>\ncommands:");
        foreach (var (_, usage, _) in Commands)
        {
            await Console.Error.WriteLineAsync("  " + usage);
        }

        return 2;
    }
}

using System.CommandLine;
using System.Runtime.InteropServices;

namespace LvsOperator.Cli;

/// <summary>
/// lvsctl's entry point: SIGTERM and Ctrl-C cancel the running command (which then cleans up and exits on its own),
/// everything else is <see cref="Lvsctl"/>.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        return await Lvsctl.RunAsync(args, new InvocationConfiguration(), stop.Token);
    }
}

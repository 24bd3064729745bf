using System.Globalization;
using LvsOperator.Sandbox.ApiServer;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Cli.Commands;

/// <summary>
/// `lvsctl sandbox api --kubeconfig FILE [--port N] [--rbac] [--verbose]`: runs the sandbox API server in the foreground,
/// writes FILE once it accepts requests, and stops cleanly (exit 0) on SIGTERM or Ctrl-C.
/// </summary>
internal static class SandboxApiCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken stop)
    {
        string? kubeconfig = null;
        var options = new SandboxApiServerOptions();
        var verbose = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--kubeconfig" when i + 1 < args.Length:
                    kubeconfig = args[++i];
                    break;
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port):
                    options.Port = port;
                    i++;
                    break;
                case "--rbac":
                    options.Rbac = true;
                    break;
                case "--verbose" or "-v":
                    verbose = true;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"sandbox api: unexpected argument '{args[i]}'");
                    return 2;
            }
        }

        if (kubeconfig is null)
        {
            await Console.Error.WriteLineAsync("usage: lvsctl sandbox api --kubeconfig FILE [--port N] [--rbac] [--verbose]");
            return 2;
        }

        using var logging = LoggerFactory.Create(b => b
            .AddSimpleConsole(c => c.SingleLine = true)
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information));
        options.LoggerFactory = logging;
        await using var server = new SandboxApiServer(options);
        await server.StartAsync(stop);
        await server.WriteKubeconfigAsync(kubeconfig, stop);
        Console.WriteLine($"sandbox api server listening on {server.ServerUri} (port {server.Port}); kubeconfig written to {Path.GetFullPath(kubeconfig)}");
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM / Ctrl-C: the normal way out.
        }

        await server.StopAsync(CancellationToken.None);
        Console.WriteLine("sandbox api server stopped");
        return 0;
    }
}

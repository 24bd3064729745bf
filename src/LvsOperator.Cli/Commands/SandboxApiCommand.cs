using System.CommandLine;
using LvsOperator.Sandbox.ApiServer;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Cli.Commands;

/// <summary>
/// `lvsctl sandbox api --kubeconfig FILE [--port N] [--rbac] [--verbose]`: runs the sandbox API server in the foreground,
/// writes FILE once it accepts requests, and stops cleanly (exit 0) on SIGTERM or Ctrl-C.
/// </summary>
internal static class SandboxApiCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string>("--kubeconfig")
        {
            Description = "where to write the kubeconfig for kubectl and helm, once the server accepts requests",
            HelpName = "FILE",
            Required = true,
        };
        var port = BoundedIntegerOption.Create("--port", 0, 65535, "a TCP port", defaultValue: 0);
        port.Description = "TCP port on 127.0.0.1; 0 picks a free one";
        port.HelpName = "N";
        var rbac = new Option<bool>("--rbac") { Description = "authorize requests by RBAC over the stored Roles and bindings (the admin token always passes)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "log every request" };
        var command = new Command("api", "run the in-memory Kubernetes API server in the foreground") { kubeconfig, port, rbac, verbose };
        command.SetAction((parsed, stop) => RunAsync(
            parsed.GetRequiredValue(kubeconfig),
            new SandboxApiServerOptions { Port = parsed.GetValue(port), Rbac = parsed.GetValue(rbac) },
            parsed.GetValue(verbose),
            stop));
        return command;
    }

    private static async Task<int> RunAsync(string kubeconfig, SandboxApiServerOptions options, bool verbose, CancellationToken stop)
    {
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

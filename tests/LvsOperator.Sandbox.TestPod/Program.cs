using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace LvsOperator.Sandbox.TestPod;

/// <summary>
/// `dotnet LvsOperator.Sandbox.TestPod.dll [--http-address A] [--http-port N] [anything else]`: prints one line
/// "report {json}" with its arguments, the environment its pod gave it, whether the in-cluster ServiceAccount files
/// are there, and what the API server answered to a few requests with its token; then answers GET /healthz and
/// /readyz with 200 on A:N until SIGTERM, when it exits 0.
/// </summary>
internal static class Program
{
    private static readonly string[] Variables =
        ["NODE_NAME", "POD_NAMESPACE", "POD_NAME", "POD_IP", "HOSTNAME", "KUBECONFIG", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "LVS_SANDBOX_TEST"];

    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        var address = IPAddress.Parse(Option(args, "--http-address") ?? "127.0.0.1");
        var port = int.Parse(Option(args, "--http-port") ?? "9406", CultureInfo.InvariantCulture);
        using var listener = new TcpListener(address, port);
        listener.Start();

        var report = new Dictionary<string, object?>
        {
            ["args"] = args,
            ["env"] = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable),
            ["inCluster"] = KubernetesClientConfiguration.IsInCluster(),
            ["api"] = await ProbeApiAsync(),
        };
        Console.WriteLine("report " + JsonSerializer.Serialize(report));
        await ServeAsync(listener, stop.Token);
        Console.WriteLine("stopping on SIGTERM");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Status codes (or the failure) of requests its ServiceAccount may and may not make, with both kinds of config.</summary>
    private static async Task<Dictionary<string, string>> ProbeApiAsync()
    {
        var results = new Dictionary<string, string>();
        var ns = Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default";
        foreach (var (name, config) in new (string, Func<KubernetesClientConfiguration>)[]
        {
            ("default", KubernetesClientConfiguration.BuildDefaultConfig),
            ("inCluster", KubernetesClientConfiguration.InClusterConfig),
        })
        {
            try
            {
                using var client = new Kubernetes(config());
                results[$"{name}.listNodes"] = await StatusOfAsync(() => client.CoreV1.ListNodeAsync());
                results[$"{name}.listSecrets"] = await StatusOfAsync(() => client.CoreV1.ListNamespacedSecretAsync(ns));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                results[name] = $"{e.GetType().Name}: {e.Message}";
            }
        }

        return results;
    }

    private static async Task<string> StatusOfAsync<T>(Func<Task<T>> call)
    {
        try
        {
            await call();
            return "200";
        }
        catch (HttpOperationException e)
        {
            return ((int)e.Response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException e)
        {
            return $"unreachable: {e.Message}";
        }
    }

    private static async Task ServeAsync(TcpListener listener, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop);
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var read = await stream.ReadAsync(buffer, stop);
                var line = Encoding.ASCII.GetString(buffer, 0, read).Split('\n')[0];
                var ok = line.StartsWith("GET /healthz", StringComparison.Ordinal) || line.StartsWith("GET /readyz", StringComparison.Ordinal);
                var body = ok ? "ok" : "not found";
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {(ok ? "200 OK" : "404 Not Found")}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"), stop);
            }
        }
        catch (OperationCanceledException)
        {
            // SIGTERM.
        }
        catch (SocketException)
        {
            // Listener closed.
        }
    }
}

using System.Net;
using System.Net.Sockets;
using k8s.Models;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// Runs one probe the way the kubelet does, from the node's network namespace: httpGet (2xx/3xx succeed) and tcpSocket
/// to the probe's host (the pod's IP unless set), exec as a command inside the pod's namespace (exit 0 succeeds).
/// A probe that cannot run (gRPC, an unknown named port) fails.
/// </summary>
internal sealed class Prober : IDisposable
{
    private readonly NamespaceSockets _sockets;
    private readonly HttpClient _http;

    public Prober(NamespaceSockets nodeSockets)
    {
        _sockets = nodeSockets;
        _http = new HttpClient(new SocketsHttpHandler
        {
            // As the kubelet's prober: no connection reuse, every probe a fresh connection.
            PooledConnectionLifetime = TimeSpan.Zero,
            AllowAutoRedirect = false,
#pragma warning disable CA5359 // the kubelet's HTTPS probes do not verify the certificate either (pods serve self-signed ones)
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
#pragma warning restore CA5359
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = await _sockets.CreateTcpAsync();
                try
                {
                    socket.NoDelay = true;
                    await socket.ConnectAsync(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<bool> ProbeAsync(V1Probe probe, V1Container container, string podNetworkNamespace, IPAddress podIp, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds ?? 1));
        bound.CancelAfter(timeout);
        try
        {
            return probe switch
            {
                { HttpGet: { } get } => await HttpAsync(get, container, podIp, bound.Token),
                { TcpSocket: { } tcp } => await TcpAsync(tcp, container, podIp, bound.Token),
                { Exec.Command: { Count: > 0 } command } => (await ProcessRunner.ExecuteAsync(
                    ProcessCommand.Of(command[0], command.Skip(1)).In(podNetworkNamespace) with { Timeout = timeout }, bound.Token)).Succeeded,
                _ => false,
            };
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or OperationCanceledException or TimeoutException or FormatException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<bool> HttpAsync(V1HTTPGetAction get, V1Container container, IPAddress podIp, CancellationToken cancellationToken)
    {
        var port = Port(get.Port, container) ?? throw new FormatException($"no container port named {get.Port?.Value}");
        var scheme = string.Equals(get.Scheme, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var host = string.IsNullOrEmpty(get.Host) ? podIp.ToString() : get.Host;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{scheme}://{host}:{port}{(get.Path is { Length: > 0 } path ? path : "/")}"));
        foreach (var header in get.HttpHeaders ?? [])
        {
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return (int)response.StatusCode is >= 200 and < 400;
    }

    private async Task<bool> TcpAsync(V1TCPSocketAction tcp, V1Container container, IPAddress podIp, CancellationToken cancellationToken)
    {
        var port = Port(tcp.Port, container) ?? throw new FormatException($"no container port named {tcp.Port?.Value}");
        using var socket = await _sockets.CreateTcpAsync();
        await socket.ConnectAsync(string.IsNullOrEmpty(tcp.Host) ? podIp : IPAddress.Parse(tcp.Host), port, cancellationToken);
        return true;
    }

    private static int? Port(IntOrString? port, V1Container container) =>
        port?.Value is not { } value ? null
        : int.TryParse(value, out var number) ? number
        : container.Ports?.FirstOrDefault(p => p.Name == value)?.ContainerPort;
}

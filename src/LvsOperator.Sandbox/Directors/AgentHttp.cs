using System.Net;
using System.Net.Sockets;
using LvsOperator.Api.AgentApi;
using LvsOperator.Sandbox.Network;

namespace LvsOperator.Sandbox.Directors;

/// <summary>HTTP to the agent's local port, which exists only on the director namespace's loopback.</summary>
public sealed class AgentHttp : IDisposable
{
    private readonly HttpClient _client;

    public AgentHttp(string directorNamespace, int port = AgentHttpApi.DefaultPort)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = NetworkNamespace.Run(directorNamespace,
                    () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _client = new HttpClient(handler)
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = TimeSpan.FromSeconds(3),
        };
    }

    /// <summary>Status code and body, or null when nothing listens (yet).</summary>
    public async Task<(HttpStatusCode Status, string Body)?> TryGetAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _client.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative), cancellationToken);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or SocketException)
        {
            return null;
        }
    }

    public async Task<string> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        var answer = await TryGetAsync(path, cancellationToken)
            ?? throw new InvalidOperationException($"agent did not answer GET {path}");
        return answer.Status == HttpStatusCode.OK
            ? answer.Body
            : throw new InvalidOperationException($"agent answered GET {path} with {(int)answer.Status}: {answer.Body}");
    }

    public void Dispose() => _client.Dispose();
}

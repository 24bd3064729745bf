using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsOperator.Sandbox.Network;

namespace LvsOperator.Sandbox.Tests.Cluster;

/// <summary>Small blocking clients whose sockets are made inside a given namespace (a node's, the client's).</summary>
internal static class NamespaceClient
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    /// <summary>Connects, reads until the server closes, returns what it sent.</summary>
    public static async Task<string> ReadAllAsync(string ns, IPAddress address, int port)
    {
        using var socket = Tcp(ns);
        using var bound = new CancellationTokenSource(Bound);
        await socket.ConnectAsync(address, port, bound.Token);
        var text = new StringBuilder();
        var buffer = new byte[1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    /// <summary>Sends one datagram and returns the answer.</summary>
    public static async Task<string> UdpAsync(string ns, IPAddress address, int port, string payload)
    {
        using var socket = NetworkNamespace.Run(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        using var bound = new CancellationTokenSource(Bound);
        await socket.ConnectAsync(address, port, bound.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(payload), SocketFlags.None, bound.Token);
        var buffer = new byte[2048];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    /// <summary>Sends <paramref name="data"/>, half-closes, and returns everything that came back.</summary>
    public static async Task<byte[]> EchoAsync(string ns, IPAddress address, int port, byte[] data)
    {
        using var socket = Tcp(ns);
        using var bound = new CancellationTokenSource(Bound);
        await socket.ConnectAsync(address, port, bound.Token);
        var receiving = ReceiveAllAsync(socket, bound.Token);
        await socket.SendAsync(data, SocketFlags.None, bound.Token);
        socket.Shutdown(SocketShutdown.Send);
        return await receiving;
    }

    public static Socket Tcp(string ns) => NetworkNamespace.Run(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));

    private static async Task<byte[]> ReceiveAllAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return received.ToArray();
    }
}

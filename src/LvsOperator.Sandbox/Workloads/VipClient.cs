using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LvsOperator.Sandbox.Workloads;

/// <summary>
/// Synchronous client operations with short timeouts. Call them inside
/// <see cref="Network.NetworkNamespace.Run{T}"/> for the client namespace: the socket is created where the call runs.
/// </summary>
public static class VipClient
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    public static Socket Connect(IPEndPoint remote, IPAddress? bindAddress = null, TimeSpan? timeout = null, bool dontFragment = false)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            var limit = timeout ?? DefaultTimeout;
            socket.ReceiveTimeout = socket.SendTimeout = (int)limit.TotalMilliseconds;
            if (dontFragment)
            {
                // IP_MTU_DISCOVER = IP_PMTUDISC_DO: DF on every segment, never fragment locally.
                socket.SetRawSocketOption(0, 10, BitConverter.GetBytes(2));
            }

            if (bindAddress is not null)
            {
                socket.Bind(new IPEndPoint(bindAddress, 0));
            }

            using var cts = new CancellationTokenSource(limit);
            socket.ConnectAsync(remote, cts.Token).AsTask().GetAwaiter().GetResult();
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>HTTP/1.0 GET over a fresh connection; throws on any failure (refused, timeout, bad answer).</summary>
    public static Exchange HttpGet(IPEndPoint vip, IPAddress? bindAddress = null, TimeSpan? timeout = null)
    {
        using var socket = Connect(vip, bindAddress, timeout);
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        socket.Send("GET / HTTP/1.0\r\nHost: vip\r\n\r\n"u8);
        var response = ReadToEnd(socket);
        var bodyStart = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!response.StartsWith("HTTP/1.0 200 ", StringComparison.Ordinal) || bodyStart < 0)
        {
            throw new InvalidDataException($"unexpected HTTP response: '{response}'");
        }

        return new Exchange(ServedBy.Parse(response[(bodyStart + 4)..]), local, remote);
    }

    /// <summary>One UDP datagram to the VIP and its answer, from a fresh socket.</summary>
    public static Exchange UdpQuery(IPEndPoint vip, TimeSpan? timeout = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveTimeout = (int)(timeout ?? DefaultTimeout).TotalMilliseconds;
        socket.Connect(vip);
        socket.Send("who\n"u8);
        var buffer = new byte[512];
        var read = socket.Receive(buffer);
        return new Exchange(
            ServedBy.Parse(Encoding.ASCII.GetString(buffer, 0, read)),
            (IPEndPoint)socket.LocalEndPoint!,
            (IPEndPoint)socket.RemoteEndPoint!);
    }

    /// <summary>Sends "UPLOAD n" and n bytes, returns the real server's answer "rsN n".</summary>
    public static string Upload(IPEndPoint vip, int bytes, bool dontFragment, TimeSpan timeout)
    {
        using var socket = Connect(vip, timeout: timeout, dontFragment: dontFragment);
        socket.Send(Encoding.ASCII.GetBytes($"UPLOAD {bytes}\n"));
        var chunk = new byte[64 * 1024];
        for (var sent = 0; sent < bytes;)
        {
            sent += socket.Send(chunk, 0, Math.Min(chunk.Length, bytes - sent), SocketFlags.None);
        }

        return ReadLine(socket);
    }

    public static bool CanConnect(IPEndPoint remote, TimeSpan timeout)
    {
        try
        {
            using var socket = Connect(remote, timeout: timeout);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    internal static string ReadLine(Socket socket)
    {
        var bytes = new List<byte>(64);
        var one = new byte[1];
        while (socket.Receive(one) == 1 && one[0] != (byte)'\n')
        {
            bytes.Add(one[0]);
        }

        return Encoding.ASCII.GetString(bytes.ToArray());
    }

    private static string ReadToEnd(Socket socket)
    {
        var buffer = new byte[4096];
        var total = 0;
        int read;
        while ((read = socket.Receive(buffer, total, buffer.Length - total, SocketFlags.None)) > 0)
        {
            total += read;
            if (total == buffer.Length)
            {
                throw new InvalidDataException("HTTP response larger than 4 KiB");
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, total);
    }
}

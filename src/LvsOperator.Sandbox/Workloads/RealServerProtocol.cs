using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace LvsOperator.Sandbox.Workloads;

/// <summary>
/// One TCP connection to a real server. The first line picks the mode:
/// "GET ..." an HTTP/1.0 answer then close; "WHO" one identity line per WHO line, connection kept (long-lived tests);
/// "UPLOAD n" read n bytes then answer "rsN n"; "SINK" read until the client shuts down, then answer "rsN total";
/// "DOWNLOAD n rate" send the identity line, then n bytes of <see cref="TransferPattern"/> at up to rate bytes/s, then
/// close; "VERIFY n" read n bytes, checking each against the pattern, then answer the identity line and
/// "received firstWrongOffset" (-1 when every byte was right). Every identity is "rsN PEER_IP:PEER_PORT".
/// </summary>
internal sealed class RealServerProtocol(string name, Socket socket)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public async Task ServeAsync(CancellationToken cancellationToken)
    {
        using var _ = socket;
        try
        {
            var identity = $"{name} {socket.RemoteEndPoint}";
            var first = await ReadLineAsync(cancellationToken);
            if (first is null)
            {
                return;
            }

            if (first.StartsWith("GET ", StringComparison.Ordinal))
            {
                while (!string.IsNullOrEmpty(await ReadLineAsync(cancellationToken)))
                {
                }

                var body = identity + "\n";
                await SendAsync($"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}", cancellationToken);
                socket.Shutdown(SocketShutdown.Send);
                await DrainAsync(cancellationToken);
            }
            else if (first == "WHO")
            {
                for (var line = first; line == "WHO"; line = await ReadLineAsync(cancellationToken))
                {
                    await SendAsync(identity + "\n", cancellationToken);
                }
            }
            else if (first.StartsWith("UPLOAD ", StringComparison.Ordinal))
            {
                var expected = long.Parse(first.AsSpan(7), CultureInfo.InvariantCulture);
                var total = await ReceiveBytesAsync(expected, cancellationToken);
                await SendAsync($"{name} {total}\n", cancellationToken);
            }
            else if (first == "SINK")
            {
                var total = await ReceiveBytesAsync(long.MaxValue, cancellationToken);
                await SendAsync($"{name} {total}\n", cancellationToken);
            }
            else if (first.StartsWith("DOWNLOAD ", StringComparison.Ordinal))
            {
                var words = first.Split(' ');
                await SendAsync(identity + "\n", cancellationToken);
                await SendPatternAsync(long.Parse(words[1], CultureInfo.InvariantCulture), long.Parse(words[2], CultureInfo.InvariantCulture), cancellationToken);
                socket.Shutdown(SocketShutdown.Send);
                await DrainAsync(cancellationToken);
            }
            else if (first.StartsWith("VERIFY ", StringComparison.Ordinal))
            {
                var (received, wrongAt) = await ReceivePatternAsync(long.Parse(first.AsSpan(7), CultureInfo.InvariantCulture), cancellationToken);
                await SendAsync(string.Create(CultureInfo.InvariantCulture, $"{identity}\n{received} {wrongAt}\n"), cancellationToken);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the host stops; nothing to answer.
        }
    }

    private async Task<long> ReceiveBytesAsync(long limit, CancellationToken cancellationToken)
    {
        long total = Math.Min(_end - _start, limit);
        _start = _end = 0;
        while (total < limit)
        {
            var read = await socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private async Task SendPatternAsync(long bytes, long bytesPerSecond, CancellationToken cancellationToken)
    {
        var chunk = new byte[TransferPattern.ChunkSize];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (long sent = 0; sent < bytes;)
        {
            int length = (int)Math.Min(chunk.Length, bytes - sent);
            TransferPattern.Fill(chunk.AsSpan(0, length), sent);
            await socket.SendAsync(chunk.AsMemory(0, length), SocketFlags.None, cancellationToken);
            sent += length;
            await Task.Delay(TransferPattern.DelayAfter(sent, bytesPerSecond, clock.Elapsed), cancellationToken);
        }
    }

    /// <summary>Reads <paramref name="bytes"/> (or to the end) and says how many came and where the first wrong one was.</summary>
    private async Task<(long Received, long WrongAt)> ReceivePatternAsync(long bytes, CancellationToken cancellationToken)
    {
        var check = new PatternCheck();
        check.Add(_buffer.AsSpan(_start, (int)Math.Min(_end - _start, bytes)));
        _start = _end = 0;
        while (check.Received < bytes)
        {
            var read = await socket.ReceiveAsync(_buffer.AsMemory(0, (int)Math.Min(_buffer.Length, bytes - check.Received)), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                break;
            }

            check.Add(_buffer.AsSpan(0, read));
        }

        return (check.Received, check.FirstWrongOffset);
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (await socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken) > 0)
        {
        }
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                return null; // a line longer than the buffer is not this protocol
            }

            var read = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }

    private async Task SendAsync(string text, CancellationToken cancellationToken) =>
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, cancellationToken);
}

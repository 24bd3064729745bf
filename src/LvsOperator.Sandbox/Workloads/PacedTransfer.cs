using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LvsOperator.Sandbox.Workloads;

/// <summary>
/// A long TCP transfer of <see cref="TransferPattern"/> through the VIP, paced so that it lasts: a download (the real
/// server's DOWNLOAD, paced by the server, checked here byte by byte) or an upload (paced here, checked by the real
/// server's VERIFY). For tests that break the director under a live connection. Open it inside the client namespace
/// (the socket is made where the call runs); <see cref="RunAsync"/> may run anywhere.
/// </summary>
public sealed class PacedTransfer : IDisposable
{
    private readonly Socket _socket;
    private readonly long _bytes;
    private readonly long _bytesPerSecond;
    private readonly bool _upload;
    private long _transferred;

    private PacedTransfer(Socket socket, long bytes, long bytesPerSecond, bool upload)
    {
        _socket = socket;
        _bytes = bytes;
        _bytesPerSecond = bytesPerSecond;
        _upload = upload;
    }

    /// <summary>Bytes the client has received (download) or handed to its socket (upload) so far.</summary>
    public long Transferred => Interlocked.Read(ref _transferred);

    public static PacedTransfer Download(IPEndPoint vip, long bytes, long bytesPerSecond) =>
        Open(vip, string.Create(CultureInfo.InvariantCulture, $"DOWNLOAD {bytes} {bytesPerSecond}\n"), bytes, bytesPerSecond, upload: false);

    public static PacedTransfer Upload(IPEndPoint vip, long bytes, long bytesPerSecond) =>
        Open(vip, string.Create(CultureInfo.InvariantCulture, $"VERIFY {bytes}\n"), bytes, bytesPerSecond, upload: true);

    /// <summary>Runs the transfer to its end; a connection reset or <paramref name="cancellationToken"/> throws.</summary>
    public Task<TransferOutcome> RunAsync(CancellationToken cancellationToken) =>
        _upload ? UploadAsync(cancellationToken) : DownloadAsync(cancellationToken);

    public void Dispose() => _socket.Dispose();

    private static PacedTransfer Open(IPEndPoint vip, string request, long bytes, long bytesPerSecond, bool upload)
    {
        var socket = VipClient.Connect(vip, timeout: TimeSpan.FromSeconds(10));
        socket.Send(Encoding.ASCII.GetBytes(request));
        return new PacedTransfer(socket, bytes, bytesPerSecond, upload);
    }

    private async Task<TransferOutcome> DownloadAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[TransferPattern.ChunkSize];
        var (identity, start, end) = await ReadLineAsync(buffer, 0, cancellationToken);
        var check = new PatternCheck();
        check.Add(buffer.AsSpan(start, end - start));
        int read;
        while ((read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
        {
            check.Add(buffer.AsSpan(0, read));
            Interlocked.Exchange(ref _transferred, check.Received);
        }

        return new TransferOutcome(ServedBy.Parse(identity), check.Received, check.FirstWrongOffset);
    }

    private async Task<TransferOutcome> UploadAsync(CancellationToken cancellationToken)
    {
        var chunk = new byte[TransferPattern.ChunkSize];
        var clock = Stopwatch.StartNew();
        for (long sent = 0; sent < _bytes;)
        {
            int length = (int)Math.Min(chunk.Length, _bytes - sent);
            TransferPattern.Fill(chunk.AsSpan(0, length), sent);
            for (int done = 0; done < length;)
            {
                done += await _socket.SendAsync(chunk.AsMemory(done, length - done), SocketFlags.None, cancellationToken);
            }

            sent += length;
            Interlocked.Exchange(ref _transferred, sent);
            await Task.Delay(TransferPattern.DelayAfter(sent, _bytesPerSecond, clock.Elapsed), cancellationToken);
        }

        var buffer = new byte[256];
        var (identity, start, end) = await ReadLineAsync(buffer, 0, cancellationToken);
        var (counts, _, _) = await ReadLineAsync(buffer, start, cancellationToken, end);
        var words = counts.Split(' ');
        return new TransferOutcome(
            ServedBy.Parse(identity), long.Parse(words[0], CultureInfo.InvariantCulture), long.Parse(words[1], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Reads one line starting at buffer[<paramref name="from"/>] (bytes up to <paramref name="filled"/> already there);
    /// returns it and where the bytes after it lie in the buffer.
    /// </summary>
    private async Task<(string Line, int Start, int End)> ReadLineAsync(byte[] buffer, int from, CancellationToken cancellationToken, int filled = -1)
    {
        int end = filled < 0 ? from : filled;
        while (true)
        {
            int newline = Array.IndexOf(buffer, (byte)'\n', from, end - from);
            if (newline >= 0)
            {
                return (Encoding.ASCII.GetString(buffer, from, newline - from), newline + 1, end);
            }

            // A full buffer is an error only once it has been searched: a reader that comes late finds the line and the
            // data behind it in one receive, filling the buffer to its end.
            if (end == buffer.Length)
            {
                throw new InvalidDataException($"the real server sent {end - from} bytes and no line where one was due");
            }

            int read = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new InvalidDataException("the real server closed where a line was due");
            }

            end += read;
        }
    }
}

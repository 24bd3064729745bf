using System.Buffers.Binary;
using System.Diagnostics;
using LvsOperator.Dataplane.Native;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Dataplane.Routing.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket for request/reply exchanges (dumps, gets, neighbour pokes), in the network namespace of the
/// thread that opened it. Not thread-safe: one owner. Replies to an older sequence number are skipped.
/// </summary>
internal sealed unsafe class RouteNetlinkSocket : IDisposable
{
    private readonly byte[] _receive = new byte[1 << 16];
    private uint _sequence;
    private int _fd;

    public RouteNetlinkSocket()
    {
        _fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NetlinkConstants.NetlinkRoute);
        if (_fd < 0)
        {
            throw NativeError.Last("socket(AF_NETLINK)");
        }

        // A kernel that never answers must not hang the resolver thread, so a socket without the timeout is refused.
        // struct timeval { long tv_sec; long tv_usec; }
        var timeout = stackalloc long[2] { 2, 0 };
        if (setsockopt(_fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 2 * sizeof(long)) != 0)
        {
            var failure = NativeError.Last("setsockopt(netlink SO_RCVTIMEO)");
            Dispose();
            throw failure;
        }
    }

    /// <summary>
    /// Sends one request (an nlmsghdr is written in front of <paramref name="body"/>) and hands every reply message to
    /// <paramref name="handler"/> until the exchange ends. Returns 0 or the positive errno the kernel answered.
    /// </summary>
    public int Exchange(ushort type, ushort flags, ReadOnlySpan<byte> body, NetlinkMessageHandler handler)
    {
        var sequence = ++_sequence;
        var length = NetlinkConstants.HeaderSize + body.Length;
        Span<byte> request = stackalloc byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(request, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(request[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(request[6..], (ushort)(flags | NetlinkConstants.NlmFRequest));
        BinaryPrimitives.WriteUInt32LittleEndian(request[8..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(request[12..], 0);
        body.CopyTo(request[NetlinkConstants.HeaderSize..]);
        fixed (byte* data = request)
        {
            if (send(_fd, data, (size_t)length, 0) < 0)
            {
                throw NativeError.Last("send(netlink)");
            }
        }

        bool dump = (flags & NetlinkConstants.NlmFDump) == NetlinkConstants.NlmFDump;
        bool ack = (flags & NetlinkConstants.NlmFAck) != 0;
        while (true)
        {
            long received;
            fixed (byte* data = _receive)
            {
                received = recv(_fd, data, (size_t)_receive.Length, 0);
            }

            if (received < 0)
            {
                var errno = LibC.errno;
                if (errno == EINTR)
                {
                    continue;
                }

                throw NativeError.Exception("recv(netlink)", errno);
            }

            var rest = new ReadOnlySpan<byte>(_receive, 0, (int)received);
            while (rest.Length >= NetlinkConstants.HeaderSize)
            {
                var messageLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(rest);
                if (messageLength < NetlinkConstants.HeaderSize || messageLength > rest.Length)
                {
                    break;
                }

                var messageType = BinaryPrimitives.ReadUInt16LittleEndian(rest[4..]);
                var messageFlags = BinaryPrimitives.ReadUInt16LittleEndian(rest[6..]);
                var messageSequence = BinaryPrimitives.ReadUInt32LittleEndian(rest[8..]);
                var payload = rest[NetlinkConstants.HeaderSize..messageLength];
                rest = rest[Math.Min(NetlinkAttributes.Align(messageLength), rest.Length)..];
                if (messageSequence != sequence)
                {
                    continue;
                }

                if (messageType == NetlinkConstants.NlmsgDone)
                {
                    return 0;
                }

                if (messageType == NetlinkConstants.NlmsgError)
                {
                    // An ACK is an error message with error 0.
                    return payload.Length >= 4 ? -BinaryPrimitives.ReadInt32LittleEndian(payload) : 0;
                }

                handler(messageType, payload);
                if (!dump && !ack && (messageFlags & NetlinkConstants.NlmFMulti) == 0)
                {
                    return 0;
                }
            }
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            // The descriptor is released even when close reports an error; only EBADF (closed twice: our bug) is left.
            int result = close(fd);
            Debug.Assert(result == 0, $"close(netlink) failed, errno {errno}");
        }
    }
}

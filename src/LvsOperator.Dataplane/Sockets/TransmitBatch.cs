using System.Runtime.InteropServices;
using LvsOperator.Dataplane.Sockets.Native;
using Tmds.Linux;

namespace LvsOperator.Dataplane.Sockets;

/// <summary>
/// Frames queued for one egress <see cref="PacketSocket"/> and sent with one sendmmsg(2). The frames are not copied:
/// the batch points into the received block (ring or recvmmsg buffers), so it must be flushed before that block is
/// released. Each frame gets
/// its own virtio_net_hdr slot (when the socket uses them) so a GSO super-frame leaves with its segmentation and
/// checksum instructions. Native memory is allocated once; adding and flushing allocate nothing.
/// </summary>
public sealed unsafe class TransmitBatch : IDisposable
{
    private readonly PacketSocket _socket;
    private readonly mmsghdr* _messages;
    private readonly iovec* _vectors;
    private readonly VirtioNetHeader* _headers;
    private int _count;
    private long _pendingBytes;

    public TransmitBatch(PacketSocket socket, int capacity = 256)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _socket = socket;
        Capacity = capacity;
        _messages = (mmsghdr*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(mmsghdr));
        _vectors = (iovec*)NativeMemory.AllocZeroed((nuint)capacity * 2, (nuint)sizeof(iovec));
        _headers = (VirtioNetHeader*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(VirtioNetHeader));
    }

    public int Capacity { get; }

    public int Count => _count;

    public bool IsFull => _count == Capacity;

    public PacketSocket Socket => _socket;

    internal bool TryAdd(byte* data, int length, in VirtioNetHeader header)
    {
        if (_count == Capacity)
        {
            return false;
        }

        int i = _count++;
        var vectors = _vectors + (2 * i);
        int vectorCount = 0;
        if (_socket.VnetHeader)
        {
            _headers[i] = header;
            vectors[vectorCount++] = new iovec { iov_base = _headers + i, iov_len = VirtioNetHeader.Size };
        }

        vectors[vectorCount++] = new iovec { iov_base = data, iov_len = (size_t)length };
        _messages[i].msg_hdr = new msghdr { msg_iov = vectors, msg_iovlen = vectorCount };
        _pendingBytes += length;
        return true;
    }

    /// <summary>
    /// Sends everything queued. A frame the kernel refuses (e.g. EMSGSIZE, or EINVAL for a bad vnet header) is
    /// skipped and counted in <paramref name="failed"/>; the rest still go. Returns the number of frames sent.
    /// </summary>
    public int Flush(out int failed, out int lastErrno)
    {
        failed = 0;
        lastErrno = 0;
        int sent = 0;
        int start = 0;
        int attempts = 0;
        while (start < _count && attempts++ < 2 * Capacity)
        {
            int result = NativeMethods.SendMmsg(_socket.FileDescriptor, _messages + start, (uint)(_count - start), 0);
            if (result > 0)
            {
                sent += result;
                start += result;
                continue;
            }

            lastErrno = Marshal.GetLastPInvokeError();
            if (lastErrno == LibC.EINTR)
            {
                continue;
            }

            // sendmmsg reports the error of the first message only when nothing went: skip that one frame.
            failed++;
            start++;
        }

        failed += _count - start;
        _count = 0;
        _pendingBytes = 0;
        return sent;
    }

    /// <summary>Bytes queued since the last flush (frame bytes, without virtio-net headers).</summary>
    public long PendingBytes => _pendingBytes;

    public void Dispose()
    {
        NativeMemory.Free(_messages);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_headers);
    }
}

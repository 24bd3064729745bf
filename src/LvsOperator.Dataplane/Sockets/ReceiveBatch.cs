using System.Runtime.InteropServices;
using LvsOperator.Dataplane.Sockets.Native;
using Tmds.Linux;

namespace LvsOperator.Dataplane.Sockets;

/// <summary>
/// The buffers a <see cref="PacketSocket"/> in <see cref="ReceiveMode.Recvmmsg"/> receives into: one recvmmsg(2) fills
/// up to <see cref="Capacity"/> of them, each with its virtio_net_hdr followed by the frame. Frames are rewritten and
/// sent from here in place, so a batch is reused only after the loop has flushed what it queued from it.
/// Native memory is allocated once; receiving allocates nothing.
/// </summary>
internal sealed unsafe class ReceiveBatch : IDisposable
{
    // An EINVAL costs one frame (the kernel could not describe it in a virtio_net_hdr and freed it); give up after a
    // few in a row rather than loop on a broken socket.
    private const int MaxFailuresPerCall = 8;

    private readonly mmsghdr* _messages;
    private readonly iovec* _vectors;
    private readonly byte* _buffers;

    public ReceiveBatch(int capacity, int bufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 2048);
        Capacity = capacity;
        BufferSize = bufferSize;
        _messages = (mmsghdr*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(mmsghdr));
        _vectors = (iovec*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(iovec));
        _buffers = (byte*)NativeMemory.AlignedAlloc((nuint)capacity * (nuint)bufferSize, 64);
        for (int i = 0; i < capacity; i++)
        {
            _vectors[i] = new iovec { iov_base = _buffers + ((long)i * bufferSize), iov_len = (size_t)bufferSize };
            _messages[i].msg_hdr = new msghdr { msg_iov = _vectors + i, msg_iovlen = 1 };
        }
    }

    public int Capacity { get; }

    /// <summary>Bytes per buffer: the virtio_net_hdr (when used) plus the largest frame kept whole.</summary>
    public int BufferSize { get; }

    /// <summary>Frames lost to receive errors (counted with the socket's drops).</summary>
    public long Failures { get; private set; }

    /// <summary>
    /// Takes what is queued on <paramref name="fd"/>, up to <see cref="Capacity"/> frames, without waiting. Returns the
    /// number received; 0 when nothing is queued or the socket reported an error.
    /// </summary>
    public int Receive(int fd)
    {
        for (int failures = 0; failures < MaxFailuresPerCall;)
        {
            // MSG_TRUNC: msg_len is the frame's real length, so a frame larger than its buffer is seen as truncated.
            int count = NativeMethods.RecvMmsg(fd, _messages, (uint)Capacity, LibC.MSG_DONTWAIT | LibC.MSG_TRUNC, null);
            if (count > 0)
            {
                return count;
            }

            int errno = count < 0 ? Marshal.GetLastPInvokeError() : LibC.EAGAIN;
            if (errno == LibC.EINTR)
            {
                continue;
            }

            if (errno != LibC.EINVAL)
            {
                // EAGAIN: nothing queued. ENETDOWN and the like are reported once and cleared by the read.
                return 0;
            }

            Failures++;
            failures++;
        }

        return 0;
    }

    public mmsghdr* Messages => _messages;

    public void Dispose()
    {
        NativeMemory.Free(_messages);
        NativeMemory.Free(_vectors);
        NativeMemory.AlignedFree(_buffers);
    }
}

using System.Runtime.InteropServices;
using LvsOperator.Dataplane.Sockets.Native;
using Tmds.Linux;

namespace LvsOperator.Dataplane.Sockets;

/// <summary>
/// <see cref="ReceiveMode.Recvmmsg"/>: one recvmmsg(2) fills up to <see cref="BatchSize"/> preallocated buffers, each
/// with its virtio_net_hdr followed by the frame, and per message the sender's sockaddr_ll (whom the frame was
/// addressed to: sll_pkttype) and a PACKET_AUXDATA control message (an 802.1Q tag the kernel took off). Frames are
/// rewritten and sent from here in place, so the buffers are reused only after the loop has flushed what it queued
/// from them (the next receive). Native memory is allocated once; receiving allocates nothing.
/// </summary>
internal sealed unsafe class RecvmmsgReceiver : IPacketReceiver
{
    // An EINVAL costs one frame (the kernel could not describe it in a virtio_net_hdr and freed it); give up after a
    // few in a row rather than loop on a broken socket.
    private const int MaxFailuresPerCall = 8;

    private readonly int _fd;
    private readonly int _bufferSize;
    private readonly bool _vnetHeader;
    private mmsghdr* _messages;
    private iovec* _vectors;
    private byte* _buffers;
    private sockaddr_ll* _names;
    private byte* _controls;
    private int _used;
    private long _failures;
    private long _reportedFailures;

    private RecvmmsgReceiver(int fd, int capacity, int bufferSize, bool vnetHeader)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 2048);
        _fd = fd;
        BatchSize = capacity;
        _bufferSize = bufferSize;
        _vnetHeader = vnetHeader;
        _messages = (mmsghdr*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(mmsghdr));
        _vectors = (iovec*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(iovec));
        _buffers = (byte*)NativeMemory.AlignedAlloc((nuint)capacity * (nuint)bufferSize, 64);
        _names = (sockaddr_ll*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(sockaddr_ll));
        _controls = (byte*)NativeMemory.AlignedAlloc((nuint)capacity * PacketAuxdata.ControlSpace, 8);
        for (int i = 0; i < capacity; i++)
        {
            _vectors[i] = new iovec { iov_base = _buffers + ((long)i * bufferSize), iov_len = (size_t)bufferSize };
            _messages[i].msg_hdr = new msghdr
            {
                msg_iov = _vectors + i,
                msg_iovlen = 1,
                msg_name = _names + i,
                msg_control = _controls + ((long)i * PacketAuxdata.ControlSpace),
            };
        }

        _used = capacity; // every message's lengths are set before the first receive
    }

    public int BatchSize { get; }

    /// <summary>
    /// Sets the socket's receive queue, which plays the ring's part (SO_RCVBUF, forced), and allocates the buffers:
    /// the virtio_net_hdr (when used) plus the largest frame kept whole, each.
    /// </summary>
    public static RecvmmsgReceiver Create(int fd, PacketSocketOptions options)
    {
        SocketOption.SetBuffer(fd, LibC.SO_RCVBUFFORCE, LibC.SO_RCVBUF, options.ReceiveBufferBytes, "SO_RCVBUF");
        SocketOption.Set(fd, LibC.SOL_PACKET, LibC.PACKET_AUXDATA, 1, "PACKET_AUXDATA");
        int header = options.VnetHeader ? VirtioNetHeader.Size : 0;
        return new RecvmmsgReceiver(fd, options.ReceiveBatchSize, header + options.MaxFrameBytes, options.VnetHeader);
    }

    public bool TryGetBlock(out RxBlock block)
    {
        int count = Receive();
        block = count > 0 ? new RxBlock(_messages, count, _bufferSize, _vnetHeader) : default;
        return count > 0;
    }

    /// <summary>Nothing to hand back: the next receive reuses the buffers.</summary>
    public void ReleaseBlock()
    {
    }

    public bool WaitForBlock(int timeoutMs) => Poll.Readable(_fd, timeoutMs);

    public long TakeFailures()
    {
        long failures = _failures - _reportedFailures;
        _reportedFailures = _failures;
        return failures;
    }

    /// <summary>
    /// Takes what is queued, up to <see cref="BatchSize"/> frames, without waiting. Returns the number received; 0
    /// when nothing is queued or the socket reported an error.
    /// </summary>
    private int Receive()
    {
        for (int failures = 0; failures < MaxFailuresPerCall;)
        {
            ResetLengths();

            // MSG_TRUNC: msg_len is the frame's real length, so a frame larger than its buffer is seen as truncated.
            int count = NativeMethods.RecvMmsg(_fd, _messages, (uint)BatchSize, LibC.MSG_DONTWAIT | LibC.MSG_TRUNC, null);
            _used = count > 0 ? count : BatchSize;
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

            _failures++;
            failures++;
        }

        return 0;
    }

    /// <summary>
    /// The kernel overwrites each filled message's name and control lengths with what it wrote: give the messages the
    /// last receive used their full sizes back (on a failure, all of them).
    /// </summary>
    private void ResetLengths()
    {
        for (int i = 0; i < _used; i++)
        {
            var header = (msghdr*)(_messages + i); // msg_hdr is the first field of struct mmsghdr
            header->msg_namelen = (uint)sizeof(sockaddr_ll);
            header->msg_controllen = PacketAuxdata.ControlSpace;
        }
    }

    public void Dispose()
    {
        NativeMemory.Free(_messages);
        NativeMemory.Free(_vectors);
        NativeMemory.AlignedFree(_buffers);
        NativeMemory.Free(_names);
        NativeMemory.AlignedFree(_controls);
        _messages = null;
        _vectors = null;
        _buffers = null;
        _names = null;
        _controls = null;
    }
}

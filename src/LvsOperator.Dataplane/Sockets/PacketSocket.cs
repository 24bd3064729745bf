using System.Buffers.Binary;
using System.Diagnostics;
using LvsOperator.Dataplane.Native;
using LvsOperator.Dataplane.Sockets.Native;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Dataplane.Sockets;

/// <summary>
/// An AF_PACKET/SOCK_RAW socket bound to one interface: the descriptor, its options, sending and the kernel's
/// statistics. Frames are received through its <see cref="Receiver"/>, one sealed class per
/// <see cref="PacketSocketOptions.ReceiveMode"/>: <see cref="RecvmmsgReceiver"/> (recvmmsg(2) into preallocated
/// buffers, woken per packet, batched under load) or <see cref="RingReceiver"/> (a memory-mapped TPACKET_V3 ring, no
/// system call per block, but a block is handed over only when full or retired by its timer). Either way the forwarder
/// reads a block of frames, rewrites them in place and sends them (with <see cref="TransmitBatch"/>) before the block
/// is released. With <see cref="PacketSocketOptions.VnetHeader"/> every received frame is preceded by a virtio_net_hdr.
/// A socket belongs to the network namespace of the thread that opened it.
/// </summary>
public sealed unsafe class PacketSocket : IDisposable
{
    private int _fd;

    private PacketSocket(int fd, int interfaceIndex, bool vnetHeader, IPacketReceiver receiver)
    {
        _fd = fd;
        InterfaceIndex = interfaceIndex;
        VnetHeader = vnetHeader;
        Receiver = receiver;
    }

    public int InterfaceIndex { get; }

    public bool VnetHeader { get; }

    /// <summary>Where received frames are taken from; owned by this socket and disposed with it.</summary>
    public IPacketReceiver Receiver { get; }

    internal int FileDescriptor => _fd;

    public static PacketSocket Open(int interfaceIndex, PacketSocketOptions? options = null)
    {
        options ??= new PacketSocketOptions();
        bool ring = options.ReceiveMode == ReceiveMode.Ring;
        if (!ring && !options.VnetHeader)
        {
            throw new ArgumentException("ReceiveMode.Recvmmsg needs VnetHeader: it is how a partial checksum is seen.", nameof(options));
        }

        // Protocol 0: nothing is queued until bind() names ETH_P_ALL, so no frame of another interface slips in.
        int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw NativeError.Last("socket(AF_PACKET)");
        }

        IPacketReceiver? receiver = null;
        try
        {
            // PACKET_VNET_HDR must precede the ring: the kernel refuses it (EBUSY) once the ring exists.
            if (options.VnetHeader)
            {
                SocketOption.Set(fd, SOL_PACKET, PACKET_VNET_HDR, 1, "PACKET_VNET_HDR");
            }

            if (options.IgnoreOutgoing)
            {
                SocketOption.Set(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, 1, "PACKET_IGNORE_OUTGOING");
            }

            SocketOption.SetBuffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, options.SendBufferBytes, "SO_SNDBUF");
            receiver = ring ? RingReceiver.Map(fd, options) : RecvmmsgReceiver.Create(fd, options);

            var address = new sockaddr_ll
            {
                sll_family = (ushort)AF_PACKET,
                sll_protocol = BinaryPrimitives.ReverseEndianness(PacketConstants.EthPAll),
                sll_ifindex = interfaceIndex,
            };
            if (bind(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_ll)) != 0)
            {
                throw NativeError.Last($"bind(AF_PACKET, ifindex {interfaceIndex})");
            }

            return new PacketSocket(fd, interfaceIndex, options.VnetHeader, receiver);
        }
        catch
        {
            receiver?.Dispose();
            Close(fd);
            throw;
        }
    }

    /// <summary>
    /// Sends one frame (a complete one: no GSO, checksums done) outside the batching path: gratuitous ARP, tests.
    /// Returns false with the errno on failure.
    /// </summary>
    public bool TrySend(ReadOnlySpan<byte> frame, out int errno)
    {
        VirtioNetHeader none = default;
        var vectors = stackalloc iovec[2];
        fixed (byte* data = frame)
        {
            int count = 0;
            if (VnetHeader)
            {
                vectors[count++] = new iovec { iov_base = &none, iov_len = VirtioNetHeader.Size };
            }

            vectors[count++] = new iovec { iov_base = data, iov_len = (size_t)frame.Length };
            var message = new msghdr { msg_iov = vectors, msg_iovlen = count };
            if (sendmsg(_fd, &message, 0) < 0)
            {
                errno = LibC.errno;
                return false;
            }
        }

        errno = 0;
        return true;
    }

    /// <summary>
    /// Frames lost before the forwarder saw them since the last call: the kernel's drops for a full ring or receive
    /// queue (PACKET_STATISTICS tp_drops, which resets on read, and counts for both modes) plus frames the receiver
    /// failed on. The kernel still processed its own copy of them; only the forwarder missed them.
    /// </summary>
    public long ReadRingDrops()
    {
        // struct tpacket_stats(_v3) { u32 tp_packets; u32 tp_drops; ... }: tp_drops is the second word in both.
        var stats = stackalloc uint[3];
        socklen_t length = 3 * sizeof(uint);
        long drops = getsockopt(_fd, SOL_PACKET, PACKET_STATISTICS, stats, &length) == 0 ? stats[1] : 0;
        return drops + Receiver.TakeFailures();
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            Receiver.Dispose();
            Close(fd);
        }
    }

    /// <summary>
    /// Linux releases the descriptor even when close(2) reports an error, and a packet socket has no unsent data to
    /// lose, so the only failure left is EBADF: a descriptor closed twice, our bug. Asserted, not thrown from Dispose.
    /// </summary>
    private static void Close(int fd)
    {
        int result = close(fd);
        Debug.Assert(result == 0, $"close(packet socket) failed, errno {errno}");
    }
}

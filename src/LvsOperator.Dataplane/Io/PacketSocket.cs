using System.Buffers.Binary;
using LvsOperator.Dataplane.Io.Native;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Dataplane.Io;

/// <summary>
/// An AF_PACKET/SOCK_RAW socket bound to one interface with a memory-mapped TPACKET_V3 receive ring. The forwarder
/// reads a whole ring block of frames without a system call per frame, rewrites them in place inside the ring and
/// sends them (with <see cref="TransmitBatch"/>) before handing the block back to the kernel.
/// With <see cref="PacketSocketOptions.VnetHeader"/> every frame in the ring is preceded by a virtio_net_hdr.
/// A socket belongs to the network namespace of the thread that opened it.
/// </summary>
public sealed unsafe class PacketSocket : IDisposable
{
    private readonly byte* _ring;
    private readonly nuint _ringSize;
    private readonly int _blockSize;
    private readonly int _blockCount;
    private int _block;
    private int _fd;

    private PacketSocket(int fd, int interfaceIndex, byte* ring, int blockSize, int blockCount, bool vnetHeader)
    {
        _fd = fd;
        InterfaceIndex = interfaceIndex;
        _ring = ring;
        _blockSize = blockSize;
        _blockCount = blockCount;
        _ringSize = (nuint)blockSize * (nuint)blockCount;
        VnetHeader = vnetHeader;
    }

    public int InterfaceIndex { get; }

    public bool VnetHeader { get; }

    internal int FileDescriptor => _fd;

    public static PacketSocket Open(int interfaceIndex, PacketSocketOptions? options = null)
    {
        options ??= new PacketSocketOptions();
        if (options.BlockSize <= 0 || options.BlockSize % Environment.SystemPageSize != 0)
        {
            throw new ArgumentException("BlockSize must be a positive multiple of the page size.", nameof(options));
        }

        // Protocol 0: nothing is queued until bind() names ETH_P_ALL, so no frame of another interface slips in.
        int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw NativeError.Last("socket(AF_PACKET)");
        }

        try
        {
            // PACKET_VNET_HDR and PACKET_VERSION must precede the ring: the kernel refuses them (EBUSY) once it exists.
            if (options.VnetHeader)
            {
                SetInt(fd, SOL_PACKET, PACKET_VNET_HDR, 1, "PACKET_VNET_HDR");
            }

            SetInt(fd, SOL_PACKET, PACKET_VERSION, PacketConstants.TpacketV3, "PACKET_VERSION");
            if (options.IgnoreOutgoing)
            {
                SetInt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, 1, "PACKET_IGNORE_OUTGOING");
            }

            if (setsockoptInt(fd, SOL_SOCKET, SO_SNDBUFFORCE, options.SendBufferBytes) != 0)
            {
                SetInt(fd, SOL_SOCKET, SO_SNDBUF, options.SendBufferBytes, "SO_SNDBUF");
            }

            var request = new TpacketReq3
            {
                BlockSize = (uint)options.BlockSize,
                BlockCount = (uint)options.BlockCount,
                FrameSize = 2048,
                FrameCount = (uint)(options.BlockSize / 2048 * options.BlockCount),
                RetireBlockTimeoutMs = (uint)options.BlockRetireTimeoutMs,
            };
            if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &request, (uint)sizeof(TpacketReq3)) != 0)
            {
                throw NativeError.Last("setsockopt(PACKET_RX_RING)");
            }

            var size = (nuint)options.BlockSize * (nuint)options.BlockCount;
            var ring = mmap(null, (size_t)(ulong)size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
            if (ring == (void*)-1)
            {
                throw NativeError.Last("mmap(rx ring)");
            }

            var address = new sockaddr_ll
            {
                sll_family = (ushort)AF_PACKET,
                sll_protocol = BinaryPrimitives.ReverseEndianness(PacketConstants.EthPAll),
                sll_ifindex = interfaceIndex,
            };
            if (bind(fd, (sockaddr*)&address, (uint)sizeof(sockaddr_ll)) != 0)
            {
                var error = NativeError.Last($"bind(AF_PACKET, ifindex {interfaceIndex})");
                munmap(ring, (size_t)(ulong)size);
                throw error;
            }

            return new PacketSocket(fd, interfaceIndex, (byte*)ring, options.BlockSize, options.BlockCount, options.VnetHeader);
        }
        catch
        {
            close(fd);
            throw;
        }
    }

    /// <summary>Waits until the next ring block belongs to user space. Returns false on timeout or interruption.</summary>
    public bool WaitForBlock(int timeoutMs)
    {
        if (IsBlockReady(_block))
        {
            return true;
        }

        var poll = new pollfd { fd = _fd, events = POLLIN };
        int ready = LibC.poll(&poll, 1, timeoutMs);
        return ready > 0 && IsBlockReady(_block);
    }

    /// <summary>The current block if the kernel has handed it over; read its frames, then <see cref="ReleaseBlock"/>.</summary>
    public bool TryGetBlock(out RxBlock block)
    {
        if (!IsBlockReady(_block))
        {
            block = default;
            return false;
        }

        var descriptor = BlockAt(_block);
        block = new RxBlock(
            descriptor,
            *(uint*)(descriptor + TpacketBlockDescriptor.PacketCount),
            *(uint*)(descriptor + TpacketBlockDescriptor.OffsetToFirstPacket),
            VnetHeader);
        return true;
    }

    /// <summary>Gives the current block back to the kernel. Frames in it must have been sent already.</summary>
    public void ReleaseBlock()
    {
        Volatile.Write(ref *(uint*)(BlockAt(_block) + TpacketBlockDescriptor.BlockStatus), PacketConstants.TpStatusKernel);
        _block = (_block + 1) % _blockCount;
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
    /// Frames the kernel dropped because the ring was full since the last call (PACKET_STATISTICS, which resets on
    /// read). The kernel still processed its own copy of them; only the forwarder missed them.
    /// </summary>
    public long ReadRingDrops()
    {
        // struct tpacket_stats_v3 { u32 tp_packets; u32 tp_drops; u32 tp_freeze_q_cnt; }
        var stats = stackalloc uint[3];
        socklen_t length = 3 * sizeof(uint);
        return getsockopt(_fd, SOL_PACKET, PACKET_STATISTICS, stats, &length) == 0 ? stats[1] : 0;
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            munmap(_ring, (size_t)(ulong)_ringSize);
            close(fd);
        }
    }

    private byte* BlockAt(int index) => _ring + ((nint)index * _blockSize);

    private bool IsBlockReady(int index) =>
        (Volatile.Read(ref *(uint*)(BlockAt(index) + TpacketBlockDescriptor.BlockStatus)) & PacketConstants.TpStatusUser) != 0;

    private static int setsockoptInt(int fd, int level, int name, int value) =>
        setsockopt(fd, level, name, &value, sizeof(int));

    private static void SetInt(int fd, int level, int name, int value, string what)
    {
        if (setsockoptInt(fd, level, name, value) != 0)
        {
            throw NativeError.Last($"setsockopt({what})");
        }
    }
}

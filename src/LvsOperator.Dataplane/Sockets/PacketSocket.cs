using System.Buffers.Binary;
using LvsOperator.Dataplane.Native;
using LvsOperator.Dataplane.Sockets.Native;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Dataplane.Sockets;

/// <summary>
/// An AF_PACKET/SOCK_RAW socket bound to one interface. It receives either with recvmmsg(2) into preallocated buffers
/// (<see cref="ReceiveMode.Recvmmsg"/>: woken per packet, batched under load) or through a memory-mapped TPACKET_V3
/// ring (<see cref="ReceiveMode.Ring"/>: no system call per block, but a block is handed over only when full or
/// retired by its timer). Either way the forwarder reads a block of frames, rewrites them in place and sends them (with
/// <see cref="TransmitBatch"/>) before the block is released.
/// With <see cref="PacketSocketOptions.VnetHeader"/> every received frame is preceded by a virtio_net_hdr.
/// A socket belongs to the network namespace of the thread that opened it.
/// </summary>
public sealed unsafe class PacketSocket : IDisposable
{
    private readonly byte* _ring;
    private readonly nuint _ringSize;
    private readonly int _blockSize;
    private readonly int _blockCount;
    private readonly ReceiveBatch? _batch;
    private int _block;
    private int _fd;
    private long _reportedFailures;

    private PacketSocket(int fd, int interfaceIndex, PacketSocketOptions options, byte* ring, ReceiveBatch? batch)
    {
        _fd = fd;
        InterfaceIndex = interfaceIndex;
        _ring = ring;
        _batch = batch;
        _blockSize = options.BlockSize;
        _blockCount = options.BlockCount;
        _ringSize = ring == null ? 0 : (nuint)options.BlockSize * (nuint)options.BlockCount;
        VnetHeader = options.VnetHeader;
        ReceiveMode = options.ReceiveMode;
    }

    public int InterfaceIndex { get; }

    public bool VnetHeader { get; }

    public ReceiveMode ReceiveMode { get; }

    /// <summary>Recvmmsg: frames one receive takes at most (a smaller block means the queue was empty); ring: 0.</summary>
    public int ReceiveBatchSize => _batch?.Capacity ?? 0;

    internal int FileDescriptor => _fd;

    public static PacketSocket Open(int interfaceIndex, PacketSocketOptions? options = null)
    {
        options ??= new PacketSocketOptions();
        bool ring = options.ReceiveMode == ReceiveMode.Ring;
        if (ring && (options.BlockSize <= 0 || options.BlockSize % Environment.SystemPageSize != 0))
        {
            throw new ArgumentException("BlockSize must be a positive multiple of the page size.", nameof(options));
        }

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

        ReceiveBatch? batch = null;
        byte* mapped = null;
        try
        {
            // PACKET_VNET_HDR and PACKET_VERSION must precede the ring: the kernel refuses them (EBUSY) once it exists.
            if (options.VnetHeader)
            {
                SetInt(fd, SOL_PACKET, PACKET_VNET_HDR, 1, "PACKET_VNET_HDR");
            }

            if (options.IgnoreOutgoing)
            {
                SetInt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, 1, "PACKET_IGNORE_OUTGOING");
            }

            SetBuffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, options.SendBufferBytes, "SO_SNDBUF");
            if (ring)
            {
                mapped = MapRing(fd, options);
            }
            else
            {
                SetBuffer(fd, SO_RCVBUFFORCE, SO_RCVBUF, options.ReceiveBufferBytes, "SO_RCVBUF");
                batch = new ReceiveBatch(options.ReceiveBatchSize, VirtioNetHeader.Size + options.MaxFrameBytes);
            }

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

            return new PacketSocket(fd, interfaceIndex, options, mapped, batch);
        }
        catch
        {
            if (mapped != null)
            {
                munmap(mapped, (size_t)((ulong)options.BlockSize * (ulong)options.BlockCount));
            }

            batch?.Dispose();
            close(fd);
            throw;
        }
    }

    private static byte* MapRing(int fd, PacketSocketOptions options)
    {
        SetInt(fd, SOL_PACKET, PACKET_VERSION, PacketConstants.TpacketV3, "PACKET_VERSION");
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

        var size = (ulong)options.BlockSize * (ulong)options.BlockCount;
        var ring = mmap(null, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
        if (ring == (void*)-1)
        {
            throw NativeError.Last("mmap(rx ring)");
        }

        return (byte*)ring;
    }

    /// <summary>Waits until a block can be taken (recvmmsg: a frame is queued). Returns false on timeout or interruption.</summary>
    public bool WaitForBlock(int timeoutMs)
    {
        if (_batch is null && IsBlockReady(_block))
        {
            return true;
        }

        var poll = new pollfd { fd = _fd, events = POLLIN };
        int ready = LibC.poll(&poll, 1, timeoutMs);
        return ready > 0 && (_batch is not null || IsBlockReady(_block));
    }

    /// <summary>
    /// The next block of received frames, if there is one (recvmmsg: what is queued, up to a batch, taken without
    /// waiting); read its frames, send what is to be sent, then <see cref="ReleaseBlock"/>.
    /// </summary>
    public bool TryGetBlock(out RxBlock block)
    {
        if (_batch is { } batch)
        {
            int count = batch.Receive(_fd);
            block = count > 0 ? new RxBlock(batch.Messages, count, batch.BufferSize, VnetHeader) : default;
            return count > 0;
        }

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

    /// <summary>
    /// Gives the current block back (ring: to the kernel; recvmmsg: its buffers to the next receive). Frames in it
    /// must have been sent already.
    /// </summary>
    public void ReleaseBlock()
    {
        if (_batch is not null)
        {
            return;
        }

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
    /// Frames lost before the forwarder saw them since the last call: the kernel's drops for a full ring or receive
    /// queue (PACKET_STATISTICS tp_drops, which resets on read, and counts for both modes) plus frames a recvmmsg
    /// failed on. The kernel still processed its own copy of them; only the forwarder missed them.
    /// </summary>
    public long ReadRingDrops()
    {
        // struct tpacket_stats(_v3) { u32 tp_packets; u32 tp_drops; ... }: tp_drops is the second word in both.
        var stats = stackalloc uint[3];
        socklen_t length = 3 * sizeof(uint);
        long drops = getsockopt(_fd, SOL_PACKET, PACKET_STATISTICS, stats, &length) == 0 ? stats[1] : 0;
        if (_batch is { } batch)
        {
            drops += batch.Failures - _reportedFailures;
            _reportedFailures = batch.Failures;
        }

        return drops;
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            if (_ring != null)
            {
                munmap(_ring, (size_t)(ulong)_ringSize);
            }

            close(fd);
            _batch?.Dispose();
        }
    }

    private byte* BlockAt(int index) => _ring + ((nint)index * _blockSize);

    private bool IsBlockReady(int index) =>
        (Volatile.Read(ref *(uint*)(BlockAt(index) + TpacketBlockDescriptor.BlockStatus)) & PacketConstants.TpStatusUser) != 0;

    private static int setsockoptInt(int fd, int level, int name, int value) =>
        setsockopt(fd, level, name, &value, sizeof(int));

    private static void SetBuffer(int fd, int forced, int plain, int bytes, string what)
    {
        // The *FORCE variants pass net.core.[rw]mem_max (CAP_NET_ADMIN); without it the capped plain option still helps.
        if (setsockoptInt(fd, SOL_SOCKET, forced, bytes) != 0)
        {
            SetInt(fd, SOL_SOCKET, plain, bytes, what);
        }
    }

    private static void SetInt(int fd, int level, int name, int value, string what)
    {
        if (setsockoptInt(fd, level, name, value) != 0)
        {
            throw NativeError.Last($"setsockopt({what})");
        }
    }
}

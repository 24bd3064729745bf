using System.Diagnostics;
using LvsOperator.Dataplane.Native;
using LvsOperator.Dataplane.Sockets.Native;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace LvsOperator.Dataplane.Sockets;

/// <summary>
/// <see cref="ReceiveMode.Ring"/>: a memory-mapped TPACKET_V3 ring. The kernel fills blocks in turn and hands one over
/// (TP_STATUS_USER) when it is full or its retire timer fires; the loop reads the block in place and gives it back
/// (TP_STATUS_KERNEL). No system call per block, but a lone packet waits for the timer.
/// </summary>
internal sealed unsafe class RingReceiver : IPacketReceiver
{
    private const uint FrameSize = 2048;

    private readonly int _fd;
    private readonly int _blockSize;
    private readonly int _blockCount;
    private readonly bool _vnetHeader;
    private byte* _ring;
    private int _block;

    private RingReceiver(int fd, byte* ring, int blockSize, int blockCount, bool vnetHeader)
    {
        _fd = fd;
        _ring = ring;
        _blockSize = blockSize;
        _blockCount = blockCount;
        _vnetHeader = vnetHeader;
    }

    public int BatchSize => 0;

    private nuint RingSize => (nuint)_blockSize * (nuint)_blockCount;

    /// <summary>
    /// Sets up and maps the ring on <paramref name="fd"/>. PACKET_VNET_HDR must have been set before: the kernel
    /// refuses it (EBUSY) once a ring exists, as it refuses PACKET_VERSION, which this sets first.
    /// </summary>
    public static RingReceiver Map(int fd, PacketSocketOptions options)
    {
        if (options.BlockSize <= 0 || options.BlockSize % Environment.SystemPageSize != 0)
        {
            throw new ArgumentException("BlockSize must be a positive multiple of the page size.", nameof(options));
        }

        SocketOption.Set(fd, SOL_PACKET, PACKET_VERSION, PacketConstants.TpacketV3, "PACKET_VERSION");
        var request = new TpacketReq3
        {
            BlockSize = (uint)options.BlockSize,
            BlockCount = (uint)options.BlockCount,
            FrameSize = FrameSize,
            FrameCount = (uint)(options.BlockSize / FrameSize * options.BlockCount),
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

        return new RingReceiver(fd, (byte*)ring, options.BlockSize, options.BlockCount, options.VnetHeader);
    }

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
            _vnetHeader);
        return true;
    }

    public void ReleaseBlock()
    {
        Volatile.Write(ref *(uint*)(BlockAt(_block) + TpacketBlockDescriptor.BlockStatus), PacketConstants.TpStatusKernel);
        _block = (_block + 1) % _blockCount;
    }

    public bool WaitForBlock(int timeoutMs) => IsBlockReady(_block) || (Poll.Readable(_fd, timeoutMs) && IsBlockReady(_block));

    /// <summary>The ring loses nothing on its own: a full ring is the kernel's drop, counted by the socket.</summary>
    public long TakeFailures() => 0;

    public void Dispose()
    {
        if (_ring != null)
        {
            // Fails only for an address or length that is not this mapping's: a bug here, and nothing to do about it.
            int result = munmap(_ring, (size_t)(ulong)RingSize);
            Debug.Assert(result == 0, $"munmap(rx ring) failed, errno {errno}");
            _ring = null;
        }
    }

    private byte* BlockAt(int index) => _ring + ((nint)index * _blockSize);

    private bool IsBlockReady(int index) =>
        (Volatile.Read(ref *(uint*)(BlockAt(index) + TpacketBlockDescriptor.BlockStatus)) & PacketConstants.TpStatusUser) != 0;
}

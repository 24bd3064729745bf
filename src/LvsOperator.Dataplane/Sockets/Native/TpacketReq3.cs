using System.Runtime.InteropServices;

namespace LvsOperator.Dataplane.Sockets.Native;

/// <summary>struct tpacket_req3: the geometry of a TPACKET_V3 ring, given to setsockopt(PACKET_RX_RING).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TpacketReq3
{
    public uint BlockSize;
    public uint BlockCount;
    public uint FrameSize;
    public uint FrameCount;
    public uint RetireBlockTimeoutMs;
    public uint SizeOfPrivate;
    public uint FeatureRequestWord;
}

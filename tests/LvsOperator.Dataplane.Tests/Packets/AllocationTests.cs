using LvsOperator.Dataplane.Packets;
using static LvsOperator.Dataplane.Tests.Packets.PacketFactory;

namespace LvsOperator.Dataplane.Tests.Packets;

public sealed class AllocationTests
{
    [Fact]
    public void Parse_and_rewrite_allocate_nothing()
    {
        var frame = Ethernet(MacAddress.Broadcast, MacAddress.Zero, EtherType.Ipv4, Tcp(ClientAddress, 40000, Vip, 80, TcpFlags.Ack, 1400, 12, 8));
        var error = IcmpErrorNatTests.Error(0xC612_0AFE, Vip, 3, 4, 1400, IcmpErrorNatTests.Transport(IpProtocol.Udp, Vip, 80, ClientAddress, 1, 0), 8);
        var output = new byte[256];
        var checksum = 0L;
        Loop(frame, error, output, 100, ref checksum); // JIT and tiering out of the way

        var before = GC.GetAllocatedBytesForCurrentThread();
        Loop(frame, error, output, 10000, ref checksum);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    private static void Loop(byte[] frame, byte[] error, byte[] output, int count, ref long checksum)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(EthernetFrame.TryParse(frame, out var ethernet, out _));
            Assert.True(Ipv4Header.TryParse(ethernet.Payload, out var ip, out _));
            Assert.True(TcpHeader.TryParse(ip.Payload, out var tcp, out _));
            checksum += tcp.DestinationPort;
            var forward = (i & 1) == 0;
            Assert.True(NatRewriter.RewriteDestination(ip.Packet, forward ? RealAddress : Vip, forward ? (ushort)8080 : (ushort)80, checksumPartial: false));

            var inbound = (i & 1) == 0;
            Assert.True(inbound
                ? NatRewriter.RewriteIcmpErrorInbound(error, RealAddress, 8080)
                : NatRewriter.RewriteIcmpErrorInbound(error, Vip, 80));
            Assert.True(IcmpWriter.TryWriteFragmentationNeeded(ip.Packet, Vip, 1280, output, out var length));
            checksum += length;
        }
    }
}

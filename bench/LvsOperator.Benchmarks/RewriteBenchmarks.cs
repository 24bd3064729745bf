using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Benchmarks;

/// <summary>Per-packet cost of the NAT hot path: parse Ethernet, IPv4 (checksum verified) and TCP, then DNAT in place.</summary>
[MemoryDiagnoser]
public class RewriteBenchmarks
{
    private const uint Client = 0xC612_0A01;
    private const uint Vip = 0xC612_0064;
    private const uint RealServer = 0xC613_0105;

    private byte[] frame = [];
    private bool toRealServer;

    /// <summary>Frame length without FCS: 64 (a SYN with an MSS option, padded) or 1514 (a full 1500-byte IPv4 packet).</summary>
    [Params(64, 1514)]
    public int FrameLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        frame = new byte[FrameLength];
        var ipLength = FrameLength == 64 ? 20 + 24 : FrameLength - 14;
        var tcpHeaderLength = FrameLength == 64 ? 24 : 20;
        new Random(42).NextBytes(frame);
        EthernetFrame.WriteHeader(frame, new MacAddress(0x02_00_00_00_00_01), new MacAddress(0x02_00_00_00_00_02), EtherType.Ipv4);

        var ip = frame.AsSpan(14, ipLength);
        ip[0] = 0x45;
        ip[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)ipLength);
        BinaryPrimitives.WriteUInt32BigEndian(ip[4..], 0x0001_4000);
        ip[8] = 64;
        ip[9] = (byte)IpProtocol.Tcp;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], Client);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], Vip);
        Ipv4Header.WriteChecksum(ip[..20]);

        var tcp = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], 80);
        tcp[12] = (byte)(tcpHeaderLength / 4 << 4);
        tcp[13] = (byte)(FrameLength == 64 ? TcpFlags.Syn : TcpFlags.Ack | TcpFlags.Psh);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], InternetChecksum.ComputeTransport(Client, Vip, IpProtocol.Tcp, tcp));
    }

    [Benchmark]
    public bool ParseAndDnat()
    {
        if (!EthernetFrame.TryParse(frame, out var ethernet, out _)
            || !Ipv4Header.TryParse(ethernet.Payload, out var ip, out _)
            || !TcpHeader.TryParse(ip.Payload, out var tcp, out _))
        {
            return false;
        }

        // Alternate between the two translations so every iteration sees a valid packet and does the same work.
        toRealServer = !toRealServer;
        return tcp.DestinationPort != 0
            && NatRewriter.RewriteDestination(ip.Packet, toRealServer ? RealServer : Vip, toRealServer ? (ushort)8080 : (ushort)80, checksumPartial: false);
    }
}

using System.Buffers.Binary;
using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Tests.Packets;

/// <summary>Builds valid packets with every checksum computed from scratch, independently of the incremental code under test.</summary>
internal static class PacketFactory
{
    public const uint ClientAddress = 0xC612_0A01; // 198.18.10.1
    public const uint Vip = 0xC612_0064;           // 198.18.0.100
    public const uint RealAddress = 0xC613_0105;   // 198.19.1.5

    public static byte[] Tcp(
        uint source, ushort sourcePort, uint destination, ushort destinationPort, TcpFlags flags,
        int payloadLength = 0, int tcpOptionsLength = 0, int ipOptionsLength = 0, Random? random = null)
    {
        random ??= new Random(1);
        var headerLength = 20 + tcpOptionsLength;
        var tcp = new byte[headerLength + payloadLength];
        random.NextBytes(tcp);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), destinationPort);
        tcp[12] = (byte)((headerLength / 4) << 4);
        tcp[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(TcpHeader.ChecksumOffset), 0);
        var packet = Ipv4(IpProtocol.Tcp, source, destination, tcp, ipOptionsLength, random: random);
        FixTransportChecksum(packet);
        return packet;
    }

    public static byte[] Udp(
        uint source, ushort sourcePort, uint destination, ushort destinationPort,
        int payloadLength = 0, bool withChecksum = true, int ipOptionsLength = 0, Random? random = null)
    {
        random ??= new Random(1);
        var udp = new byte[UdpHeader.HeaderLength + payloadLength];
        random.NextBytes(udp);
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(UdpHeader.ChecksumOffset), 0);
        var packet = Ipv4(IpProtocol.Udp, source, destination, udp, ipOptionsLength, random: random);
        if (withChecksum)
        {
            FixTransportChecksum(packet);
        }

        return packet;
    }

    public static byte[] Ipv4(
        IpProtocol protocol, uint source, uint destination, ReadOnlySpan<byte> payload,
        int optionsLength = 0, byte ttl = 64, ushort flagsAndOffset = 0x4000, Random? random = null)
    {
        var headerLength = 20 + optionsLength;
        var packet = new byte[headerLength + payload.Length];
        packet[0] = (byte)(0x40 | (headerLength / 4));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(random?.Next(0x10000) ?? 0x1234));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), flagsAndOffset);
        packet[8] = ttl;
        packet[9] = (byte)protocol;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), source);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), destination);
        if (optionsLength > 0)
        {
            (random ?? new Random(2)).NextBytes(packet.AsSpan(20, optionsLength));
        }

        payload.CopyTo(packet.AsSpan(headerLength));
        FixIpv4Checksum(packet);
        return packet;
    }

    public static byte[] Ethernet(MacAddress destination, MacAddress source, ushort etherType, ReadOnlySpan<byte> payload, ushort? vlanId = null, int padding = 0)
    {
        var header = vlanId is null ? 14 : 18;
        var frame = new byte[header + payload.Length + padding];
        destination.Write(frame);
        source.Write(frame.AsSpan(6));
        if (vlanId is { } vlan)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), EtherType.Vlan);
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), vlan);
        }

        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(header - 2), etherType);
        payload.CopyTo(frame.AsSpan(header));
        return frame;
    }

    /// <summary>The 28 bytes of an ARP request (Ethernet, IPv4) from <paramref name="senderMac"/>/<paramref name="sender"/> for <paramref name="target"/>.</summary>
    public static byte[] ArpRequest(MacAddress senderMac, uint sender, uint target)
    {
        var arp = new byte[28];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(2), EtherType.Ipv4);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(6), ArpPacket.OperationRequest);
        senderMac.Write(arp.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(14), sender);
        BinaryPrimitives.WriteUInt32BigEndian(arp.AsSpan(24), target);
        return arp;
    }

    public static int HeaderLength(ReadOnlySpan<byte> packet) => (packet[0] & 0x0F) * 4;

    public static void FixIpv4Checksum(Span<byte> packet) => BinaryPrimitives.WriteUInt16BigEndian(packet[10..], ExpectedIpv4Checksum(packet));

    public static ushort ExpectedIpv4Checksum(ReadOnlySpan<byte> packet)
    {
        var header = packet[..HeaderLength(packet)].ToArray();
        header[10] = header[11] = 0;
        return InternetChecksum.Compute(header);
    }

    /// <summary>The TCP/UDP checksum a from-scratch computation gives over the packet as it now stands (UDP zero sent as 0xFFFF).</summary>
    public static ushort ExpectedTransportChecksum(ReadOnlySpan<byte> packet)
    {
        var protocol = (IpProtocol)packet[9];
        var segment = packet[HeaderLength(packet)..].ToArray();
        var offset = protocol == IpProtocol.Tcp ? TcpHeader.ChecksumOffset : UdpHeader.ChecksumOffset;
        segment[offset] = segment[offset + 1] = 0;
        var checksum = InternetChecksum.ComputeTransport(Source(packet), Destination(packet), protocol, segment);
        return protocol == IpProtocol.Udp && checksum == 0 ? (ushort)0xFFFF : checksum;
    }

    public static void FixTransportChecksum(Span<byte> packet) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet[TransportChecksumOffset(packet)..], ExpectedTransportChecksum(packet));

    public static int TransportChecksumOffset(ReadOnlySpan<byte> packet) =>
        HeaderLength(packet) + ((IpProtocol)packet[9] == IpProtocol.Tcp ? TcpHeader.ChecksumOffset : UdpHeader.ChecksumOffset);

    public static ushort TransportChecksum(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[TransportChecksumOffset(packet)..]);

    public static ushort Ipv4Checksum(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);

    /// <summary>What the kernel leaves in the L4 checksum field under CHECKSUM_PARTIAL: the folded, non-inverted pseudo-header sum.</summary>
    public static void MakeChecksumPartial(Span<byte> packet)
    {
        var seed = InternetChecksum.Fold(InternetChecksum.PseudoHeaderSum(
            Source(packet), Destination(packet), (IpProtocol)packet[9], packet.Length - HeaderLength(packet)));
        BinaryPrimitives.WriteUInt16BigEndian(packet[TransportChecksumOffset(packet)..], seed);
    }

    /// <summary>What the NIC does on transmit: sums the L4 bytes from the seed in place and stores the complement.</summary>
    public static void CompleteChecksumLikeDevice(Span<byte> packet)
    {
        var checksum = (ushort)~InternetChecksum.Fold(InternetChecksum.Accumulate(packet[HeaderLength(packet)..]));
        if ((IpProtocol)packet[9] == IpProtocol.Udp && checksum == 0)
        {
            checksum = 0xFFFF;
        }

        BinaryPrimitives.WriteUInt16BigEndian(packet[TransportChecksumOffset(packet)..], checksum);
    }

    public static uint Source(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);

    public static uint Destination(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);

    public static ushort SourcePort(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[HeaderLength(packet)..]);

    public static ushort DestinationPort(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[(HeaderLength(packet) + 2)..]);

    /// <summary>A random valid TCP or UDP packet: IP options 0-40 bytes, TCP options 0-40, payload 0-1400, UDP checksum sometimes absent.</summary>
    public static byte[] RandomTransport(Random random)
    {
        var source = (uint)random.NextInt64(1, uint.MaxValue);
        var destination = (uint)random.NextInt64(1, uint.MaxValue);
        var sourcePort = (ushort)random.Next(0x10000);
        var destinationPort = (ushort)random.Next(0x10000);
        var ipOptions = random.Next(11) * 4;
        var payload = random.Next(4) == 0 ? random.Next(4) : random.Next(1401);
        return random.Next(2) == 0
            ? Tcp(source, sourcePort, destination, destinationPort, (TcpFlags)random.Next(256), payload, random.Next(11) * 4, ipOptions, random)
            : Udp(source, sourcePort, destination, destinationPort, payload, withChecksum: random.Next(5) != 0, ipOptions, random);
    }
}

using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Services;
using Microsoft.Extensions.Options;

namespace LvsOperator.Benchmarks;

/// <summary>
/// The whole per-frame decision for a packet of an established connection, both ways: parse, connection lookup,
/// state and counters, next hop, DNAT/SNAT and MAC rewrite. Each call first restores the 54-byte frame (the previous
/// call rewrote it), a constant ~2 ns in every figure.
/// </summary>
[MemoryDiagnoser]
public class PacketProcessorBenchmarks
{
    private const uint Client = 0xC612_0A01;
    private const uint Vip = 0xC612_0064;
    private const uint RealServer = 0xC613_0105;

    private readonly byte[] _frame = new byte[54];
    private byte[] _toVip = [];
    private byte[] _fromRealServer = [];
    private PacketProcessor _processor = null!;

    [GlobalSetup]
    public void Setup()
    {
        var network = new StaticNetwork();
        var director = new Director(Options.Create(new DirectorOptions { ConnectionCapacity = 1024 }), network, network, TimeProvider.System);
        director.Services.Apply([new VirtualServerSpec(IpProtocol.Tcp, Vip, 80, "rr", null, [new RealServerSpec(RealServer, 8080, 1)])]);
        _processor = director.Processor;
        _toVip = Frame(Client, 40000, Vip, 80, TcpFlags.Ack);
        _fromRealServer = Frame(RealServer, 8080, Client, 40000, TcpFlags.Ack);
        var syn = Frame(Client, 40000, Vip, 80, TcpFlags.Syn);
        if (_processor.Process(syn, 1, PacketMetadata.None).Action != ForwardingAction.Forward)
        {
            throw new InvalidOperationException("the SYN that opens the benchmark's connection was not forwarded");
        }
    }

    [Benchmark]
    public ForwardingAction ClientToRealServer()
    {
        _toVip.CopyTo(_frame, 0);
        return _processor.Process(_frame, 1, PacketMetadata.None).Action;
    }

    [Benchmark]
    public ForwardingAction RealServerToClient()
    {
        _fromRealServer.CopyTo(_frame, 0);
        return _processor.Process(_frame, 2, PacketMetadata.None).Action;
    }

    private static byte[] Frame(uint source, ushort sourcePort, uint destination, ushort destinationPort, TcpFlags flags)
    {
        var frame = new byte[54];
        EthernetFrame.WriteHeader(frame, new MacAddress(0x02_00_00_00_00_01), new MacAddress(0x02_00_00_00_00_02), EtherType.Ipv4);
        var ip = frame.AsSpan(14);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 40);
        BinaryPrimitives.WriteUInt32BigEndian(ip[4..], 0x0001_4000);
        ip[8] = 64;
        ip[9] = (byte)IpProtocol.Tcp;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], source);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], destination);
        Ipv4Header.WriteChecksum(ip[..20]);
        var tcp = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], destinationPort);
        tcp[12] = 5 << 4;
        tcp[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], InternetChecksum.ComputeTransport(source, destination, IpProtocol.Tcp, tcp));
        return frame;
    }
}

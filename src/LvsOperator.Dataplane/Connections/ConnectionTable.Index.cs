using System.Runtime.CompilerServices;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Dataplane.Connections;

/// <summary>
/// The two hash indexes: bucket heads in power-of-two int arrays, chains threaded through the entries' NextInbound and
/// NextOutbound. Chosen over two Dictionary&lt;FlowKey,int&gt; because those cost ~36 bytes per entry each and a second
/// key copy; here an entry's own fields are the keys. The hash is seeded per table so a client cannot aim its ports
/// at one chain.
/// </summary>
public sealed partial class ConnectionTable
{
    private readonly int[] _inboundBuckets;
    private readonly int[] _outboundBuckets;
    private readonly int _bucketMask;
    private readonly ulong _seed;

    private static (int[] Inbound, int[] Outbound, int Mask, ulong Seed) CreateIndex(int capacity)
    {
        int buckets = (int)Math.Min(1u << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 16)));
        var inbound = new int[buckets];
        var outbound = new int[buckets];
        Array.Fill(inbound, -1);
        Array.Fill(outbound, -1);
        return (inbound, outbound, buckets - 1, (ulong)Random.Shared.NextInt64() | 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(IpProtocol protocol, uint sourceAddress, ushort sourcePort, uint destinationAddress, ushort destinationPort)
    {
        ulong addresses = ((ulong)sourceAddress << 32) | destinationAddress;
        ulong ports = ((ulong)sourcePort << 24) | ((ulong)destinationPort << 8) | (byte)protocol;
        return (int)FlowHash.Mix((addresses ^ _seed) + (ports * 0x9E3779B97F4A7C15UL)) & _bucketMask;
    }

    private int FindInbound(in FlowKey flow)
    {
        int i = _inboundBuckets[Bucket(flow.Protocol, flow.SourceAddress, flow.SourcePort, flow.DestinationAddress, flow.DestinationPort)];
        while (i >= 0)
        {
            ref readonly var e = ref _entries[i];
            if (e.ClientAddressValue == flow.SourceAddress && e.VirtualAddressValue == flow.DestinationAddress
                && e.ClientPortValue == flow.SourcePort && e.VirtualPortValue == flow.DestinationPort
                && e.ProtocolValue == flow.Protocol)
            {
                return i;
            }

            i = e.NextInbound;
        }

        return -1;
    }

    private int FindOutbound(in FlowKey flow)
    {
        int i = _outboundBuckets[Bucket(flow.Protocol, flow.SourceAddress, flow.SourcePort, flow.DestinationAddress, flow.DestinationPort)];
        while (i >= 0)
        {
            ref readonly var e = ref _entries[i];
            if (e.RealAddressValue == flow.SourceAddress && e.ClientAddressValue == flow.DestinationAddress
                && e.RealPortValue == flow.SourcePort && e.ClientPortValue == flow.DestinationPort
                && e.ProtocolValue == flow.Protocol)
            {
                return i;
            }

            i = e.NextOutbound;
        }

        return -1;
    }

    private void Link(int connection)
    {
        ref var e = ref _entries[connection];
        int inbound = InboundBucket(in e);
        e.NextInbound = _inboundBuckets[inbound];
        _inboundBuckets[inbound] = connection;
        int outbound = OutboundBucket(in e);
        e.NextOutbound = _outboundBuckets[outbound];
        _outboundBuckets[outbound] = connection;
    }

    private void Unlink(int connection)
    {
        ref var e = ref _entries[connection];
        int inbound = InboundBucket(in e);
        if (_inboundBuckets[inbound] == connection)
        {
            _inboundBuckets[inbound] = e.NextInbound;
        }
        else
        {
            int i = _inboundBuckets[inbound];
            while (_entries[i].NextInbound != connection)
            {
                i = _entries[i].NextInbound;
            }

            _entries[i].NextInbound = e.NextInbound;
        }

        int outbound = OutboundBucket(in e);
        if (_outboundBuckets[outbound] == connection)
        {
            _outboundBuckets[outbound] = e.NextOutbound;
        }
        else
        {
            int i = _outboundBuckets[outbound];
            while (_entries[i].NextOutbound != connection)
            {
                i = _entries[i].NextOutbound;
            }

            _entries[i].NextOutbound = e.NextOutbound;
        }
    }

    private int InboundBucket(in Connection e) =>
        Bucket(e.ProtocolValue, e.ClientAddressValue, e.ClientPortValue, e.VirtualAddressValue, e.VirtualPortValue);

    private int OutboundBucket(in Connection e) =>
        Bucket(e.ProtocolValue, e.RealAddressValue, e.RealPortValue, e.ClientAddressValue, e.ClientPortValue);
}

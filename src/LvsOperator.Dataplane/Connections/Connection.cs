using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Scheduling;

namespace LvsOperator.Dataplane.Connections;

/// <summary>
/// One tracked NAT connection, stored by value in the <see cref="ConnectionTable"/>'s array (read it through
/// <see cref="ConnectionTable.Get"/>). Both directions are keyed from these fields, so the entry carries no keys of its
/// own: about 100 bytes with the hash indexes.
/// </summary>
public struct Connection
{
    internal uint ClientAddressValue;
    internal uint VirtualAddressValue;
    internal uint RealAddressValue;
    internal ushort ClientPortValue;
    internal ushort VirtualPortValue;
    internal ushort RealPortValue;
    internal IpProtocol ProtocolValue;
    internal TcpConnectionState StateValue;
    internal int NextInbound;
    internal int NextOutbound;
    internal int Template;
    internal long ExpiresAt;
    internal long PacketsInValue;
    internal long PacketsOutValue;
    internal long BytesInValue;
    internal long BytesOutValue;
    internal RealServer? Server;
    internal PersistenceTable? Persistence;

    public readonly IpProtocol Protocol => ProtocolValue;

    public readonly uint ClientAddress => ClientAddressValue;

    public readonly ushort ClientPort => ClientPortValue;

    public readonly uint VirtualAddress => VirtualAddressValue;

    public readonly ushort VirtualPort => VirtualPortValue;

    public readonly uint RealAddress => RealAddressValue;

    public readonly ushort RealPort => RealPortValue;

    /// <summary>TCP state; <see cref="TcpConnectionState.None"/> for UDP and ICMP.</summary>
    public readonly TcpConnectionState State => StateValue;

    public readonly RealServer RealServer => Server!;

    public readonly long PacketsIn => PacketsInValue;

    public readonly long PacketsOut => PacketsOutValue;

    public readonly long BytesIn => BytesInValue;

    public readonly long BytesOut => BytesOutValue;

    internal readonly bool IsLive => Server is not null;

    internal readonly bool IsActive => ProtocolValue == IpProtocol.Tcp && StateValue == TcpConnectionState.Established;
}

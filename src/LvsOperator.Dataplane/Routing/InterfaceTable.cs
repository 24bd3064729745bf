using System.Buffers.Binary;
using System.Collections.Frozen;
using LvsOperator.Dataplane.Native;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Routing.Netlink;

namespace LvsOperator.Dataplane.Routing;

/// <summary>
/// A snapshot of the director's interfaces (RTM_GETLINK + RTM_GETADDR dumps). Immutable: a refresh builds a new one,
/// so readers on other threads never see a half-updated table.
/// </summary>
public sealed class InterfaceTable
{
    private readonly Dictionary<int, DirectorInterface> _byIndex;
    private readonly FrozenSet<uint> _ownAddresses;

    private InterfaceTable(Dictionary<int, DirectorInterface> byIndex)
    {
        _byIndex = byIndex;
        _ownAddresses = OwnAddresses(byIndex.Values);
    }

    public IReadOnlyCollection<DirectorInterface> Interfaces => _byIndex.Values;

    /// <summary>An address of one of the interfaces, or the broadcast address of one of their subnets (see <see cref="ILocalInterfaces.IsOwnAddress"/>).</summary>
    public bool IsOwnAddress(uint address) => _ownAddresses.Contains(address);

    /// <summary>A table of the given interfaces, for tests that do not ask the kernel.</summary>
    internal static InterfaceTable Of(IEnumerable<DirectorInterface> interfaces)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        return new InterfaceTable(interfaces.ToDictionary(i => i.Index));
    }

    internal static InterfaceTable Load(RouteNetlinkSocket netlink)
    {
        var links = new Dictionary<int, (string Name, MacAddress Mac, int Mtu, bool Up, bool Ethernet)>();
        var addresses = new Dictionary<int, List<InterfaceAddress>>();
        Span<byte> request = stackalloc byte[NetlinkConstants.IfInfoSize];
        request.Clear();
        Check(netlink.Exchange(NetlinkConstants.RtmGetLink, NetlinkConstants.NlmFDump, request, (type, payload) =>
        {
            if (type != NetlinkConstants.RtmNewLink || payload.Length < NetlinkConstants.IfInfoSize)
            {
                return;
            }

            var hardwareType = BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]);
            var index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
            var flags = BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]);
            string name = string.Empty;
            var mac = MacAddress.Zero;
            int mtu = 0;
            var rest = payload[NetlinkConstants.IfInfoSize..];
            while (NetlinkAttributes.TryNext(ref rest, out var attribute, out var value))
            {
                switch (attribute)
                {
                    case NetlinkConstants.IflaIfname:
                        name = System.Text.Encoding.ASCII.GetString(value.TrimEnd((byte)0));
                        break;
                    case NetlinkConstants.IflaAddress when value.Length == 6:
                        mac = MacAddress.Read(value);
                        break;
                    case NetlinkConstants.IflaMtu when value.Length >= 4:
                        mtu = BinaryPrimitives.ReadInt32LittleEndian(value);
                        break;
                }
            }

            links[index] = (name, mac, mtu, (flags & NetlinkConstants.IffUp) != 0, hardwareType == NetlinkConstants.ArphrdEther);
        }), "RTM_GETLINK");

        Span<byte> addressRequest = stackalloc byte[NetlinkConstants.IfAddrSize];
        addressRequest.Clear();
        addressRequest[0] = NetlinkConstants.AfInet;
        Check(netlink.Exchange(NetlinkConstants.RtmGetAddr, NetlinkConstants.NlmFDump, addressRequest, (type, payload) =>
        {
            if (type != NetlinkConstants.RtmNewAddr || payload.Length < NetlinkConstants.IfAddrSize || payload[0] != NetlinkConstants.AfInet)
            {
                return;
            }

            int prefix = payload[1];
            var index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
            uint local = 0;
            var rest = payload[NetlinkConstants.IfAddrSize..];
            while (NetlinkAttributes.TryNext(ref rest, out var attribute, out var value))
            {
                // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links.
                if (attribute == NetlinkConstants.IfaLocal || (attribute == NetlinkConstants.IfaAddress && local == 0))
                {
                    local = NetlinkAttributes.ReadAddress(value);
                }
            }

            if (!addresses.TryGetValue(index, out var list))
            {
                addresses[index] = list = [];
            }

            list.Add(new InterfaceAddress(local, prefix));
        }), "RTM_GETADDR");

        var table = new Dictionary<int, DirectorInterface>(links.Count);
        foreach (var (index, link) in links)
        {
            table[index] = new DirectorInterface(
                index,
                link.Name,
                link.Mac,
                link.Mtu,
                link.Up,
                link.Ethernet,
                addresses.TryGetValue(index, out var list) ? list : []);
        }

        return new InterfaceTable(table);
    }

    public bool TryGet(int index, out DirectorInterface info) => _byIndex.TryGetValue(index, out info!);

    // /31 and /32 have no broadcast address (RFC 3021); 0.0.0.0 (an unnumbered link) is martian anyway.
    private static FrozenSet<uint> OwnAddresses(IEnumerable<DirectorInterface> interfaces)
    {
        var addresses = new HashSet<uint>();
        foreach (var item in interfaces)
        {
            foreach (var address in item.Addresses)
            {
                addresses.Add(address.Address);
                if (address.PrefixLength is > 0 and < 31)
                {
                    addresses.Add(address.Address | (uint.MaxValue >> address.PrefixLength));
                }
            }
        }

        return addresses.ToFrozenSet();
    }

    private static void Check(int errno, string what)
    {
        if (errno != 0)
        {
            throw NativeError.Exception(what, errno);
        }
    }
}

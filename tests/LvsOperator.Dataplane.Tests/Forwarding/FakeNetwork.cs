using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Routing;

namespace LvsOperator.Dataplane.Tests.Forwarding;

/// <summary>A director with two interfaces: 1 faces clients, 2 faces real servers; every address has a known neighbour.</summary>
internal sealed class FakeNetwork : INextHopResolver, ILocalInterfaces
{
    public const int ClientSide = 1;
    public const int ServerSide = 2;
    public static readonly MacAddress DirectorClientMac = new(0x02_00_00_00_00_01);
    public static readonly MacAddress DirectorServerMac = new(0x02_00_00_00_00_02);
    public static readonly MacAddress ClientMac = new(0x02_00_00_00_00_10);
    public const uint DirectorClientAddress = 0xC612_0001; // 198.18.0.1
    public const uint DirectorServerAddress = 0xC612_0101; // 198.18.1.1

    public int ServerSideMtu { get; set; } = 1500;

    public HashSet<uint> Unresolved { get; } = [];

    public static MacAddress MacOf(uint address) => new(0x0A_00_00_00_00_00UL | address);

    public bool TryResolve(uint destinationAddress, out NextHop nextHop)
    {
        nextHop = default;
        if (Unresolved.Contains(destinationAddress))
        {
            return false;
        }

        var serverSide = (destinationAddress & 0xFFFFFF00) == 0xC612_0100;
        nextHop = serverSide
            ? new NextHop(ServerSide, DirectorServerMac, MacOf(destinationAddress), ServerSideMtu)
            : new NextHop(ClientSide, DirectorClientMac, ClientMac, 1500);
        return true;
    }

    public bool TryGetMac(int interfaceIndex, out MacAddress mac)
    {
        mac = interfaceIndex == ClientSide ? DirectorClientMac : DirectorServerMac;
        return interfaceIndex is ClientSide or ServerSide;
    }

    public bool TryGetAddress(int interfaceIndex, out uint address)
    {
        address = interfaceIndex == ClientSide ? DirectorClientAddress : DirectorServerAddress;
        return interfaceIndex is ClientSide or ServerSide;
    }

    public bool IsOwnAddress(uint address) => address is DirectorClientAddress or DirectorServerAddress;
}

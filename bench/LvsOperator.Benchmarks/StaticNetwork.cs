using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Routing;

namespace LvsOperator.Benchmarks;

/// <summary>Every next hop resolved, on interface 1 (clients) or 2 (real servers, 198.19.0.0/16): routing costs a branch.</summary>
internal sealed class StaticNetwork : INextHopResolver, ILocalInterfaces
{
    private static readonly MacAddress Own = new(0x02_00_00_00_00_01);
    private static readonly MacAddress Neighbour = new(0x02_00_00_00_00_02);

    public bool TryResolve(uint destinationAddress, out NextHop nextHop)
    {
        nextHop = new NextHop((destinationAddress >> 16) == 0xC613 ? 2 : 1, Own, Neighbour, 1500);
        return true;
    }

    public bool TryGetMac(int interfaceIndex, out MacAddress mac)
    {
        mac = Own;
        return true;
    }

    public bool TryGetAddress(int interfaceIndex, out uint address)
    {
        address = 0xC612_0001;
        return true;
    }

    public bool IsOwnAddress(uint address) => address == 0xC612_0001;
}

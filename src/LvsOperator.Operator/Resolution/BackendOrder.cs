using System.Buffers.Binary;
using LvsOperator.Api;
using LvsOperator.Api.Validation;

namespace LvsOperator.Operator.Resolution;

/// <summary>
/// The one order of <c>status.backends</c>: by port name, then address numerically (198.19.1.9 before 198.19.1.10),
/// then port. Informers deliver slices and endpoints in no particular order; sorting makes the list, and so its
/// revision, a function of the set of backends alone.
/// </summary>
internal sealed class BackendOrder : IComparer<BackendStatus>
{
    public static BackendOrder Instance { get; } = new();

    public int Compare(BackendStatus? x, BackendStatus? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var byName = string.CompareOrdinal(x.PortName ?? "", y.PortName ?? "");
        if (byName != 0)
        {
            return byName;
        }

        var byAddress = Numeric(x.Ip).CompareTo(Numeric(y.Ip));
        if (byAddress == 0)
        {
            byAddress = string.CompareOrdinal(x.Ip, y.Ip);
        }

        return byAddress != 0 ? byAddress : x.Port.CompareTo(y.Port);
    }

    // Unparsable text sorts after every address (and then by its text): the resolver only emits valid IPv4.
    private static long Numeric(string ip) =>
        Ipv4Text.TryParse(ip, out var address) ? BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes()) : long.MaxValue;
}

using System.Globalization;
using System.Text;

namespace LvsOperator.Api;

/// <summary>
/// <see cref="VirtualServiceStatus.BackendsRevision"/>: 8 lowercase hex digits of 32-bit FNV-1a over a canonical text
/// of the backends list, in the list's order (the operator writes it sorted). Equal lists give equal revisions on every
/// process and platform; any change to a backend's port name, address, port, node, weight or state, or to the order,
/// gives another one (up to FNV's collisions, which only make a change look like none for that one write).
/// </summary>
public static class BackendsRevision
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static string Of(IEnumerable<BackendStatus> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        var hash = OffsetBasis;
        var text = new StringBuilder();
        foreach (var backend in backends)
        {
            // One line per backend, fields separated by a byte no field can hold, so "a|b" can never read as "a" + "b".
            text.Clear();
            text.Append(backend.PortName).Append('\u001f')
                .Append(backend.Ip).Append('\u001f')
                .Append(backend.Port.ToString(CultureInfo.InvariantCulture)).Append('\u001f')
                .Append(backend.NodeName).Append('\u001f')
                .Append(backend.Weight.ToString(CultureInfo.InvariantCulture)).Append('\u001f')
                .Append(backend.State).Append('\n');
            foreach (var b in Encoding.UTF8.GetBytes(text.ToString()))
            {
                hash = (hash ^ b) * Prime;
            }
        }

        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }
}

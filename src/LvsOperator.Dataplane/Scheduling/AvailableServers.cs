namespace LvsOperator.Dataplane.Scheduling;

/// <summary>
/// The available servers of a set in one canonical order, so the consistent-hash tables (maglev, sh) built from them are
/// a function of the set alone: the order the control plane listed them in, and what it listed before, do not count.
/// </summary>
internal static class AvailableServers
{
    /// <summary>
    /// Copies the available servers of <paramref name="servers"/> into <paramref name="buffer"/> (grown only when too
    /// small, so a steady state allocates nothing), sorted by address, port, then weight; returns how many there are.
    /// </summary>
    public static int CollectSorted(IReadOnlyList<RealServer> servers, ref RealServer[] buffer)
    {
        if (buffer.Length < servers.Count)
        {
            buffer = new RealServer[Math.Max(servers.Count, buffer.Length * 2)];
        }

        int count = 0;
        for (int i = 0; i < servers.Count; i++)
        {
            if (servers[i].IsAvailable)
            {
                buffer[count++] = servers[i];
            }
        }

        buffer.AsSpan(0, count).Sort(CompareIdentity);
        buffer.AsSpan(count).Clear(); // no stale reference keeps a removed server alive
        return count;
    }

    // Weight breaks the tie of a duplicated address:port (the ServiceTable never passes one) so even that stays
    // order-independent. Created once, so sorting allocates no delegate per rebuild.
    private static readonly Comparison<RealServer> CompareIdentity = static (x, y) =>
        x.Address != y.Address ? x.Address.CompareTo(y.Address)
        : x.Port != y.Port ? x.Port.CompareTo(y.Port)
        : x.Weight.CompareTo(y.Weight);
}

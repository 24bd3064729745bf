using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>
/// What the forwarder loop did: drops by <see cref="DropReason"/> and traffic per interface. Single writer (the loop
/// thread), so plain increments; readers see values at most one batch old.
/// </summary>
public sealed class ForwarderCounters
{
    private readonly long[] _drops = new long[MaxReason() + 1];

    internal ForwarderCounters(IReadOnlyList<int> interfaceIndexes)
    {
        var interfaces = new InterfaceCounters[interfaceIndexes.Count];
        for (int i = 0; i < interfaces.Length; i++)
        {
            interfaces[i] = new InterfaceCounters(interfaceIndexes[i]);
        }

        Interfaces = interfaces;
    }

    /// <summary>In the order of the sockets given to the loop.</summary>
    public IReadOnlyList<InterfaceCounters> Interfaces { get; }

    public long Forwarded { get => Volatile.Read(ref _forwarded); internal set => Volatile.Write(ref _forwarded, value); }

    public long Replied { get => Volatile.Read(ref _replied); internal set => Volatile.Write(ref _replied, value); }

    public long Ignored { get => Volatile.Read(ref _ignored); internal set => Volatile.Write(ref _ignored, value); }

    /// <summary>Frames larger than MTU + headers (GSO super-frames) received: evidence offloads are on.</summary>
    public long GsoFrames { get => Volatile.Read(ref _gsoFrames); internal set => Volatile.Write(ref _gsoFrames, value); }

    /// <summary>Frames that waited for their next hop to be resolved instead of being dropped (sent or dropped later).</summary>
    public long HeldForNeighbour { get => Volatile.Read(ref _heldForNeighbour); internal set => Volatile.Write(ref _heldForNeighbour, value); }

    public long Drops(DropReason reason) => Volatile.Read(ref _drops[(int)reason]);

    internal void CountDrop(DropReason reason) => _drops[(int)reason]++;

    private static int MaxReason()
    {
        int max = 0;
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            max = Math.Max(max, (int)reason);
        }

        return max;
    }

    private long _forwarded;
    private long _replied;
    private long _ignored;
    private long _gsoFrames;
    private long _heldForNeighbour;
}

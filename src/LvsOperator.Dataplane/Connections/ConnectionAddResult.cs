namespace LvsOperator.Dataplane.Connections;

/// <summary>What <see cref="ConnectionTable.TryAdd"/> did with a new connection, and why when it refused.</summary>
public enum ConnectionAddResult : byte
{
    Added,

    /// <summary>Every entry holds a live connection, even after reclaiming a few expired ones the sweep had not reached.</summary>
    TableFull,

    /// <summary>
    /// A live connection already has the replies this one would get (the same RIP:rport and CIP:cport, reached through
    /// another VIP or VIP port): the two could not be told apart on the way back.
    /// </summary>
    Clash,

    /// <summary>The client flow is tracked already.</summary>
    AlreadyTracked,
}

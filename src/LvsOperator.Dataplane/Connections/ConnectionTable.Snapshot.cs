namespace LvsOperator.Dataplane.Connections;

/// <summary>
/// The control-path view of the table for /v1/connections and <c>lvsctl conns</c>: a cursor that copies it out in
/// bounded steps (<see cref="ConnectionSnapshotCursor"/>), never the whole table in one call on the forwarder thread.
/// </summary>
public sealed partial class ConnectionTable
{
    private int _openSnapshots;

    /// <summary>
    /// Cursors not yet disposed. The forwarder loop reads it (through the director) to keep its waits short while a
    /// listing's next step may come at any moment. Any thread.
    /// </summary>
    public int OpenSnapshots => Volatile.Read(ref _openSnapshots);

    /// <summary>
    /// Starts a listing of at most <paramref name="limit"/> connections, <paramref name="slotsPerStep"/> slots per step.
    /// Any thread: it rents the cursor's buffer and reads no entry; every <see cref="ConnectionSnapshotCursor.Step"/>
    /// must run on the forwarder thread. Dispose the cursor when done.
    /// </summary>
    public ConnectionSnapshotCursor OpenSnapshot(int slotsPerStep = ConnectionSnapshotCursor.DefaultSlotsPerStep, int limit = int.MaxValue) =>
        new(this, slotsPerStep, limit);

    internal void SnapshotOpened() => Interlocked.Increment(ref _openSnapshots);

    internal void SnapshotClosed() => Interlocked.Decrement(ref _openSnapshots);

    /// <summary>
    /// Forwarder thread: copies the live, unexpired connections of slots [start, start + slots) into
    /// <paramref name="into"/> while it has room, and counts them all in <paramref name="live"/>. Returns the rows copied.
    /// </summary>
    internal int CopyLive(int start, int slots, Span<ConnectionSnapshot> into, out int live)
    {
        long now = _timeProvider.GetTimestamp();
        int end = start + slots;
        int copied = 0;
        live = 0;
        for (int i = start; i < end; i++)
        {
            ref readonly var e = ref _entries[i];
            if (!e.IsLive || now >= e.ExpiresAt)
            {
                continue;
            }

            live++;
            if (copied < into.Length)
            {
                into[copied++] = new ConnectionSnapshot(
                    e.ProtocolValue,
                    e.StateValue,
                    _timeProvider.GetElapsedTime(now, e.ExpiresAt),
                    e.ClientAddressValue,
                    e.ClientPortValue,
                    e.VirtualAddressValue,
                    e.VirtualPortValue,
                    e.RealAddressValue,
                    e.RealPortValue,
                    e.PacketsInValue,
                    e.PacketsOutValue,
                    e.BytesInValue,
                    e.BytesOutValue);
            }
        }

        return copied;
    }
}

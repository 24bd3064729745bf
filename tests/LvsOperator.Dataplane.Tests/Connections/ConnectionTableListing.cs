using LvsOperator.Dataplane.Connections;

namespace LvsOperator.Dataplane.Tests.Connections;

/// <summary>The whole listing in one go, for tests whose thread is the table's forwarder thread.</summary>
internal static class ConnectionTableListing
{
    public static List<ConnectionSnapshot> ListAll(this ConnectionTable table, int slotsPerStep = ConnectionSnapshotCursor.DefaultSlotsPerStep)
    {
        var rows = new List<ConnectionSnapshot>();
        using var cursor = table.OpenSnapshot(slotsPerStep);
        while (!cursor.IsComplete)
        {
            cursor.Step();
            rows.AddRange(cursor.Chunk);
        }

        return rows;
    }
}

namespace LvsOperator.Sandbox.Workloads;

/// <summary>
/// The bytes of a counted transfer (<see cref="PacedTransfer"/>, the real server's DOWNLOAD and VERIFY): byte i is a
/// function of i that differs within and across 64 KiB blocks, so a lost, repeated or misplaced segment shows as a
/// wrong byte at a known offset. Paced, so a transfer lasts long enough for a test to break the director under it.
/// </summary>
public static class TransferPattern
{
    public const int ChunkSize = 64 * 1024;

    public static byte At(long offset) => (byte)(offset ^ ((offset >> 8) * 7) ^ ((offset >> 16) * 13) ^ ((offset >> 24) * 31));

    public static void Fill(Span<byte> destination, long offset)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = At(offset + i);
        }
    }

    /// <summary>The index in <paramref name="data"/> of the first byte that is not the pattern at <paramref name="offset"/>, or -1.</summary>
    public static int FirstMismatch(ReadOnlySpan<byte> data, long offset)
    {
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] != At(offset + i))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>How long to wait, <paramref name="elapsed"/> into a transfer, so <paramref name="sent"/> bytes keep to the rate (0 = unpaced).</summary>
    public static TimeSpan DelayAfter(long sent, long bytesPerSecond, TimeSpan elapsed)
    {
        if (bytesPerSecond <= 0)
        {
            return TimeSpan.Zero;
        }

        var due = TimeSpan.FromSeconds((double)sent / bytesPerSecond) - elapsed;
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }
}

using System.Globalization;

namespace LvsOperator.Sandbox.ApiServer.Protobuf;

/// <summary>
/// meta/v1 Time {1: seconds, 2: nanos}. The JSON API writes it as RFC 3339 in UTC with whole seconds;
/// Go writes the zero time as an empty message, which JSON shows as null, so that becomes "absent".
/// </summary>
internal static class ProtoTime
{
    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range the Time message allows.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    public static bool TryDecode(ReadOnlySpan<byte> message, out string? rfc3339)
    {
        rfc3339 = null;
        if (message.IsEmpty)
        {
            return true;
        }

        long seconds = 0;
        var nanos = 0;
        var reader = new ProtoReader(message);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            var ok = field switch
            {
                1 => ProtoFields.TryReadInt64(ref reader, wireType, out seconds),
                2 => ProtoFields.TryReadInt32(ref reader, wireType, out nanos),
                _ => reader.TrySkip(wireType),
            };
            if (!ok)
            {
                return false;
            }
        }

        if (seconds is < MinSeconds or > MaxSeconds || nanos is < 0 or > 999_999_999)
        {
            return false;
        }

        rfc3339 = DateTimeOffset.FromUnixTimeSeconds(seconds)
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return true;
    }
}

using System.Text;
using System.Text.Unicode;

namespace LvsOperator.Sandbox.ApiServer.Protobuf;

/// <summary>Typed reads of one field's value after its tag, checking the wire type first.</summary>
internal static class ProtoFields
{
    public static bool TryReadString(scoped ref ProtoReader reader, ProtoWireType wireType, out string value)
    {
        value = string.Empty;
        if (wireType != ProtoWireType.LengthDelimited || !reader.TryReadLengthDelimited(out var bytes))
        {
            return false;
        }

        return TryGetString(bytes, out value);
    }

    public static bool TryReadBytes(scoped ref ProtoReader reader, ProtoWireType wireType, out ReadOnlySpan<byte> value)
    {
        value = default;
        return wireType == ProtoWireType.LengthDelimited && reader.TryReadLengthDelimited(out value);
    }

    public static bool TryReadInt64(scoped ref ProtoReader reader, ProtoWireType wireType, out long value)
    {
        value = 0;
        if (wireType != ProtoWireType.Varint || !reader.TryReadVarint(out var raw))
        {
            return false;
        }

        value = unchecked((long)raw);
        return true;
    }

    public static bool TryReadInt32(scoped ref ProtoReader reader, ProtoWireType wireType, out int value)
    {
        value = 0;
        if (!TryReadInt64(ref reader, wireType, out var wide))
        {
            return false;
        }

        // int32 negatives are sign-extended to ten bytes on the wire; anything else is out of range.
        if (wide is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        value = (int)wide;
        return true;
    }

    public static bool TryReadBool(scoped ref ProtoReader reader, ProtoWireType wireType, out bool value)
    {
        value = false;
        if (wireType != ProtoWireType.Varint || !reader.TryReadVarint(out var raw))
        {
            return false;
        }

        value = raw != 0;
        return true;
    }

    /// <summary>A map entry is a message {1: key, 2: value}; either may be absent (empty).</summary>
    public static bool TryReadMapEntry(
        scoped ref ProtoReader reader, ProtoWireType wireType, out string key, out ReadOnlySpan<byte> value)
    {
        key = string.Empty;
        value = default;
        if (wireType != ProtoWireType.LengthDelimited || !reader.TryReadLengthDelimited(out var entry))
        {
            return false;
        }

        var entryReader = new ProtoReader(entry);
        while (!entryReader.IsAtEnd)
        {
            if (!entryReader.TryReadTag(out var field, out var entryWireType))
            {
                return false;
            }

            var ok = field switch
            {
                1 => TryReadString(ref entryReader, entryWireType, out key),
                2 => TryReadBytes(ref entryReader, entryWireType, out value),
                _ => entryReader.TrySkip(entryWireType),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryGetString(ReadOnlySpan<byte> bytes, out string value)
    {
        // Reject invalid UTF-8 instead of silently substituting U+FFFD into stored objects.
        if (!Utf8.IsValid(bytes))
        {
            value = string.Empty;
            return false;
        }

        value = Encoding.UTF8.GetString(bytes);
        return true;
    }
}

using System.Buffers.Binary;

namespace LvsOperator.Dataplane.Routing.Netlink;

/// <summary>Reading and writing struct rtattr (length, type, value, padded to 4 bytes). Host byte order: little-endian here.</summary>
internal static class NetlinkAttributes
{
    public static int Align(int length) => (length + 3) & ~3;

    public static bool TryNext(ref ReadOnlySpan<byte> rest, out ushort type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (rest.Length < 4)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(rest);
        if (length < 4 || length > rest.Length)
        {
            return false;
        }

        type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(rest[2..]) & 0x3FFF);
        value = rest[4..length];
        rest = rest[Math.Min(Align(length), rest.Length)..];
        return true;
    }

    /// <summary>Writes an attribute at <paramref name="offset"/>; returns the offset after it (aligned).</summary>
    public static int Write(Span<byte> buffer, int offset, ushort type, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[offset..], (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[(offset + 2)..], type);
        value.CopyTo(buffer[(offset + 4)..]);
        return offset + Align(4 + value.Length);
    }

    /// <summary>An IPv4 address attribute value (network byte order) as the data plane's host-order uint.</summary>
    public static uint ReadAddress(ReadOnlySpan<byte> value) => value.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(value) : 0;
}

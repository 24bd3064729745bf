using System.Buffers.Binary;

namespace LvsOperator.Dataplane.Packets;

/// <summary>
/// The Internet checksum: RFC 1071 one's-complement sums over spans and RFC 1624 (eqn. 3) incremental updates.
/// A "sum" here is the folded, non-inverted one's-complement sum; a "checksum" is its complement as stored in headers.
/// </summary>
public static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> as big-endian 16-bit words (odd tail padded with zero) to an unfolded accumulator.</summary>
    public static ulong Accumulate(ReadOnlySpan<byte> data, ulong accumulator = 0)
    {
        // 32-bit big-endian words into a 64-bit accumulator: no carry can be lost below 2^32 words.
        var i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            accumulator += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        }

        if (i + 2 <= data.Length)
        {
            accumulator += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
            i += 2;
        }

        if (i < data.Length)
        {
            accumulator += (uint)data[i] << 8;
        }

        return accumulator;
    }

    /// <summary>Folds an accumulator to 16 bits with end-around carry (not inverted).</summary>
    public static ushort Fold(ulong accumulator)
    {
        accumulator = (accumulator & 0xFFFF_FFFF) + (accumulator >> 32);
        accumulator = (accumulator & 0xFFFF) + (accumulator >> 16);
        accumulator = (accumulator & 0xFFFF) + (accumulator >> 16);
        accumulator = (accumulator & 0xFFFF) + (accumulator >> 16);
        return (ushort)accumulator;
    }

    /// <summary>The checksum to store for <paramref name="data"/> (its checksum field zeroed); 0 when verifying intact data.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => (ushort)~Fold(Accumulate(data));

    /// <summary>The unfolded sum of the TCP/UDP pseudo-header (source, destination, zero+protocol, L4 length).</summary>
    public static ulong PseudoHeaderSum(uint source, uint destination, IpProtocol protocol, int transportLength) =>
        (ulong)(source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF)
        + (byte)protocol + (uint)transportLength;

    /// <summary>
    /// TCP/UDP checksum from scratch over <paramref name="segment"/> (header with its checksum field zeroed, plus data).
    /// Over a segment whose checksum field is filled in it returns 0 when the checksum is right. The UDP rule that a
    /// computed 0 is sent as 0xFFFF is left to the caller.
    /// </summary>
    public static ushort ComputeTransport(uint source, uint destination, IpProtocol protocol, ReadOnlySpan<byte> segment) =>
        (ushort)~Fold(Accumulate(segment, PseudoHeaderSum(source, destination, protocol, segment.Length)));

    /// <summary>RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'), for one changed 16-bit field.</summary>
    public static ushort Update(ushort checksum, ushort oldValue, ushort newValue) =>
        (ushort)~Fold((ulong)(ushort)~checksum + (ushort)~oldValue + newValue);

    /// <summary>RFC 1624 eqn. 3 for one changed 32-bit field (an IPv4 address) at an even offset.</summary>
    public static ushort Update(ushort checksum, uint oldValue, uint newValue) =>
        (ushort)~Fold((ulong)(ushort)~checksum + Complement(oldValue) + Halves(newValue));

    /// <summary>RFC 1624 eqn. 3 for a changed 32-bit field and a changed 16-bit field at once (address and port).</summary>
    public static ushort Update(ushort checksum, uint oldAddress, uint newAddress, ushort oldPort, ushort newPort) =>
        (ushort)~Fold((ulong)(ushort)~checksum + Complement(oldAddress) + Halves(newAddress) + (ushort)~oldPort + newPort);

    /// <summary>
    /// Applies an address change to a CHECKSUM_PARTIAL seed: the field then holds the non-inverted pseudo-header sum the
    /// device completes on transmit, so the new value is added and the old one subtracted without complementing the
    /// field (as Linux inet_proto_csum_replace4 does for a pseudo-header field under CHECKSUM_PARTIAL).
    /// </summary>
    public static ushort UpdatePartial(ushort seed, uint oldValue, uint newValue) =>
        Fold((ulong)seed + Complement(oldValue) + Halves(newValue));

    private static uint Halves(uint value) => (value >> 16) + (value & 0xFFFF);

    private static uint Complement(uint value) => (ushort)~(value >> 16) + (uint)(ushort)~value;
}

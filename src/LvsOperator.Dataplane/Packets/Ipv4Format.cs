using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Dataplane.Packets;

/// <summary>Conversions to the data plane's <see cref="uint"/> IPv4 addresses from text or an <see cref="IPAddress"/>, and back to text.</summary>
public static class Ipv4Format
{
    public static uint Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not an IPv4 address.");

    public static bool TryParse(string? text, out uint value)
    {
        value = 0;
        if (text is null || !IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        value = FromIPAddress(address);
        return true;
    }

    public static uint FromIPAddress(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (address.AddressFamily != AddressFamily.InterNetwork || !address.TryWriteBytes(bytes, out _))
        {
            throw new ArgumentException($"{address} is not an IPv4 address.", nameof(address));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static string ToString(uint value) =>
        $"{value >> 24}.{(value >> 16) & 0xFF}.{(value >> 8) & 0xFF}.{value & 0xFF}";
}

using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Api.Validation;

/// <summary>Strict dotted-quad IPv4 parsing (no "1.2.3", no leading zeros) and the unicast check shared by VIPs and real servers.</summary>
public static class Ipv4Text
{
    public static bool TryParse(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit) || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return IPAddress.TryParse(text, out address!) && address.AddressFamily == AddressFamily.InterNetwork;
    }

    /// <summary>Null when <paramref name="text"/> is a usable unicast IPv4 address, else why not.</summary>
    public static string? UnicastProblem(string? text)
    {
        if (!TryParse(text, out var address))
        {
            return $"'{text}' is not an IPv4 address in dotted-quad form";
        }

        var b = address.GetAddressBytes();
        if (b[0] == 0)
        {
            return $"{text} is in 0.0.0.0/8 (this network)";
        }

        if (b[0] == 127)
        {
            return $"{text} is a loopback address";
        }

        if (b[0] >= 224)
        {
            return $"{text} is multicast, broadcast or reserved";
        }

        return null;
    }

    public static bool IsContiguousNetmask(string? text)
    {
        if (!TryParse(text, out var address))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        var mask = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        return (~mask & (~mask + 1)) == 0;
    }
}

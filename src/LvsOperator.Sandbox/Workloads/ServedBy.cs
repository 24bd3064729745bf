using System.Globalization;
using System.Net;

namespace LvsOperator.Sandbox.Workloads;

/// <summary>Which real server answered, and the peer address it saw.</summary>
public sealed record ServedBy(string RealServer, IPEndPoint Peer)
{
    public static ServedBy Parse(string line)
    {
        var parts = line.Trim().Split(' ');
        if (parts.Length != 2 || !IPEndPoint.TryParse(parts[1], out var peer))
        {
            throw new FormatException($"not a real server identity: '{line}'");
        }

        return new ServedBy(parts[0], peer);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{RealServer} saw {Peer}");
}

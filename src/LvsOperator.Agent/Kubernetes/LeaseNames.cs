using System.Globalization;

namespace LvsOperator.Agent.Kubernetes;

/// <summary>The agents' Lease names: <c>lvs-agent-NODE</c> (heartbeat) and <c>lvs-vip-A-B-C-D</c> (the VIP's active director).</summary>
public static class LeaseNames
{
    public const string AgentPrefix = "lvs-agent-";
    public const string VipPrefix = "lvs-vip-";

    public static string Heartbeat(string nodeName) => AgentPrefix + nodeName;

    public static string Vip(uint vip) => string.Create(CultureInfo.InvariantCulture,
        $"{VipPrefix}{vip >> 24}-{(vip >> 16) & 0xFF}-{(vip >> 8) & 0xFF}-{vip & 0xFF}");

    /// <summary>The VIP a <c>lvs-vip-…</c> Lease is about; false for any other name.</summary>
    public static bool TryParseVip(string? leaseName, out uint vip)
    {
        vip = 0;
        if (leaseName is null || !leaseName.StartsWith(VipPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = leaseName[VipPrefix.Length..].Split('-');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (!byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet.ToString(CultureInfo.InvariantCulture) != part)
            {
                return false;
            }

            vip = (vip << 8) | octet;
        }

        return true;
    }
}

using LvsOperator.Api;

namespace LvsOperator.Operator.Resolution;

/// <summary>What two VirtualServices must not share: one VIP, port and protocol ("198.18.0.100:80/TCP").</summary>
internal readonly record struct VipKey(string Vip, int Port, string Protocol)
{
    public static List<VipKey> Of(VirtualServiceSpec? spec)
    {
        var keys = new List<VipKey>();
        if (spec?.Ports is null)
        {
            return keys;
        }

        foreach (var port in spec.Ports)
        {
            if (port is not null)
            {
                keys.Add(new VipKey(spec.Vip ?? "", port.Port, port.EffectiveProtocol));
            }
        }

        return keys;
    }

    public override string ToString() => $"{Vip}:{Port}/{Protocol}";
}

using LvsOperator.Agent.Dataplane;

namespace LvsOperator.Agent.Metrics;

/// <summary>The per-interface counter families of /metrics, labelled by interface name.</summary>
internal sealed class InterfaceMetrics(
    ScrapedCounter rxFrames,
    ScrapedCounter rxBytes,
    ScrapedCounter txFrames,
    ScrapedCounter txBytes,
    ScrapedCounter txErrors,
    ScrapedCounter rxDrops)
{
    public void Update(IReadOnlyList<InterfaceStatistics> interfaces)
    {
        foreach (var item in interfaces)
        {
            rxFrames.Publish(item.RxFrames, item.Name);
            rxBytes.Publish(item.RxBytes, item.Name);
            txFrames.Publish(item.TxFrames, item.Name);
            txBytes.Publish(item.TxBytes, item.Name);
            txErrors.Publish(item.TxErrors, item.Name);
            rxDrops.Publish(item.RxDrops, item.Name);
        }

        rxFrames.Sweep();
        rxBytes.Sweep();
        txFrames.Sweep();
        txBytes.Sweep();
        txErrors.Sweep();
        rxDrops.Sweep();
    }
}

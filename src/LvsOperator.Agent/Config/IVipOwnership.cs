namespace LvsOperator.Agent.Config;

/// <summary>Which VIPs this agent's director acts for (answers ARP, forwards, guards its real servers' replies).</summary>
internal interface IVipOwnership
{
    /// <summary>The VIPs held now; null means every programmed VIP (standalone: the only director).</summary>
    IReadOnlySet<uint>? OwnedVips { get; }
}

namespace LvsOperator.Agent.Config;

/// <summary>Standalone mode: the agent is the only director of every VIP in its file.</summary>
internal sealed class EveryVipOwned : IVipOwnership
{
    public IReadOnlySet<uint>? OwnedVips => null;
}

namespace LvsOperator.Agent.Kubernetes;

/// <summary>The reasons of the Events the agent records on VirtualServices (CamelCase, as kubectl describe shows them).</summary>
public static class AgentEventReasons
{
    /// <summary>This node won the VIP's Lease: its director answers ARP for the VIP and forwards its traffic.</summary>
    public const string VipAcquired = "VipAcquired";

    /// <summary>This node stopped directing the VIP (Lease lost or released).</summary>
    public const string VipReleased = "VipReleased";
}

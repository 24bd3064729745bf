namespace LvsOperator.Agent.Kubernetes;

/// <summary>The agent's heartbeat Lease <c>lvs-agent-NODE</c> (<c>Agent:Heartbeat:*</c>): renewed every 2 s, valid for 6 s.</summary>
public sealed class HeartbeatOptions
{
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Published as leaseDurationSeconds (whole seconds, rounded up): the operator counts the agent live this long after a renew.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(6);
}

using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Services;

/// <summary>
/// One desired virtual service, the input of <see cref="ServiceTable.Apply"/>. The agent maps each port of a
/// Kubernetes (or --config file) VirtualService onto one of these.
/// </summary>
public sealed record VirtualServerSpec(
    IpProtocol Protocol,
    uint Vip,
    ushort Port,
    string Scheduler,
    PersistenceSpec? Persistence,
    IReadOnlyList<RealServerSpec> RealServers)
{
    public VirtualServiceKey Key => new(Protocol, Vip, Port);
}

using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>
/// Picks a real server for a new connection. <see cref="Schedule"/> runs on the forwarder thread per new flow and must
/// not allocate; <see cref="Rebuild"/> is the control path, called (on the same thread) whenever the server set or a
/// weight changed. Servers that are not <see cref="RealServer.IsAvailable"/> (weight 0, removed) are never chosen;
/// with none available the answer is null.
/// </summary>
public interface IScheduler
{
    /// <summary>ipvsadm's name: maglev, rr, wrr, lc, wlc or sh.</summary>
    string Name { get; }

    RealServer? Schedule(in FlowKey clientFlow);

    void Rebuild(IReadOnlyList<RealServer> servers);
}

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

    /// <summary>
    /// Whether a TCP segment of a flow the connection table does not know (after an agent restart or a director
    /// takeover) may be scheduled like a new connection and picked up (mid-flow pickup, as Katran and Maglev do). Only
    /// for the consistent hashes (maglev, sh), whose choice is a pure function of the flow and the server set, so it
    /// is the server the director that saw the SYN chose. The stateful schedulers (rr, wrr, lc, wlc) would pick
    /// another server, which answers with a reset: their segments are dropped, as IPVS drops them.
    /// </summary>
    bool PicksUpMidFlow { get; }

    RealServer? Schedule(in FlowKey clientFlow);

    void Rebuild(IReadOnlyList<RealServer> servers);
}

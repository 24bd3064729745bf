using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.Forwarding;

/// <summary>
/// The verdict on one frame. For <see cref="ForwardingAction.Forward"/> and <see cref="ForwardingAction.Reply"/> the frame
/// buffer has been rewritten in place and <see cref="Length"/> bytes of it are to be sent on <see cref="InterfaceIndex"/>.
/// </summary>
public readonly record struct ForwardingDecision(ForwardingAction Action, DropReason Reason, int InterfaceIndex, int Length)
{
    public static ForwardingDecision Ignore => default;

    public static ForwardingDecision Dropped(DropReason reason) => new(ForwardingAction.Drop, reason, 0, 0);

    /// <summary>Wait for the neighbour (see <see cref="ForwardingAction.Hold"/>); counted as NeighbourUnresolved if it never comes.</summary>
    public static ForwardingDecision Hold => new(ForwardingAction.Hold, DropReason.NeighbourUnresolved, 0, 0);
}

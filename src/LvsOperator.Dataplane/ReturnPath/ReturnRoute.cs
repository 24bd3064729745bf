namespace LvsOperator.Dataplane.ReturnPath;

/// <summary>
/// Where the replies of some local real servers go: to <see cref="Gateway"/>, the node address of
/// <see cref="Owner"/>, the node whose director holds the VIPs they serve.
/// </summary>
public sealed record ReturnRoute(string Owner, uint Gateway, IReadOnlyList<ReplySource> Sources);

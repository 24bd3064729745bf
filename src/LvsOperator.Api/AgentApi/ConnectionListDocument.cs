using System.Text.Json.Serialization;

namespace LvsOperator.Api.AgentApi;

/// <summary>
/// GET /v1/connections[?limit=N]: the connection table, the data of <c>ipvsadm -L -n -c</c>. <see cref="Count"/> is
/// the number of <see cref="Connections"/> listed, <see cref="Total"/> the live connections in all (more than Count
/// only when <c>limit</c> cut the list short, which <see cref="Truncated"/> says).
/// </summary>
/// <remarks>
/// The agent writes the list while it reads the table, in bounded steps between packet batches, so the rows are not one
/// instant's picture: a connection live for the whole listing appears exactly once; one opened or closed meanwhile may
/// or may not appear; each row's state, expiry and counters are those of the moment its part of the table was read;
/// <see cref="Total"/> counts by the same rule. The counts come after the list, since they are known only at its end
/// (<see cref="JsonPropertyOrderAttribute"/> puts them there when the record itself is written, too).
/// </remarks>
public sealed record ConnectionListDocument(
    [property: JsonPropertyOrder(1)] int Count,
    int Capacity,
    IReadOnlyList<ConnectionDocument> Connections,
    [property: JsonPropertyOrder(1)] int Total,
    [property: JsonPropertyOrder(1)] bool Truncated);

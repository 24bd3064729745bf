namespace LvsOperator.Api.AgentApi;

/// <summary>
/// Where the agent's local HTTP surface lives: the documented default port and the paths. The agent listens there,
/// lvsctl and the test harness ask there; the documents it serves are the records of this folder, written and read
/// through <see cref="AgentApiJsonContext"/>.
/// </summary>
public static class AgentHttpApi
{
    /// <summary>The documented default port (README.md); each network namespace has its own loopback, so agents in different namespaces do not clash.</summary>
    public const int DefaultPort = 9406;

    /// <summary>Loopback by default: the endpoints are for the node's own tools (lvsctl, a metrics scraper on the node).</summary>
    public const string DefaultAddress = "127.0.0.1";

    public const string Health = "/healthz";
    public const string Ready = "/readyz";
    public const string Metrics = "/metrics";

    /// <summary>GET: a <see cref="ServiceListDocument"/>.</summary>
    public const string Services = "/v1/services";

    /// <summary>
    /// GET: a <see cref="ConnectionListDocument"/> (what a listing guarantees is written there), streamed as the table is
    /// read; <c>?limit=N</c> (<see cref="ConnectionsLimit"/>, a non-negative integer) lists at most N rows and still counts all.
    /// </summary>
    public const string Connections = "/v1/connections";

    /// <summary>The query parameter of <see cref="Connections"/> that caps the rows listed.</summary>
    public const string ConnectionsLimit = "limit";

    /// <summary>http://127.0.0.1:9406, what lvsctl asks unless told otherwise.</summary>
    public static Uri DefaultServer { get; } = new($"http://{DefaultAddress}:{DefaultPort}");
}

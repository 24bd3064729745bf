using System.Text.Json;

namespace LvsOperator.Cli.Ipvs;

/// <summary>Reads the agent's /v1 documents (camelCase JSON).</summary>
public static class AgentJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static ServiceList ReadServices(string json) =>
        JsonSerializer.Deserialize<ServiceList>(json, Options) ?? throw new JsonException("empty /v1/services document");

    public static ConnectionList ReadConnections(string json) =>
        JsonSerializer.Deserialize<ConnectionList>(json, Options) ?? throw new JsonException("empty /v1/connections document");
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace LvsOperator.Api.AgentApi;

/// <summary>
/// Source-generated JSON for the /v1 documents, used by the agent to write them and by lvsctl and the tests to read
/// them: camelCase, nulls written (a reader sees every field). Reading is lenient as System.Text.Json is by default:
/// unknown fields are ignored and a missing one reads as its default.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(ServiceListDocument))]
[JsonSerializable(typeof(ConnectionListDocument))]
public sealed partial class AgentApiJsonContext : JsonSerializerContext
{
    /// <summary>Reads a GET /v1/services answer; throws <see cref="JsonException"/> when it is not one.</summary>
    public static ServiceListDocument ReadServices(string json) =>
        JsonSerializer.Deserialize(json, Default.ServiceListDocument) ?? throw new JsonException("empty /v1/services document");

    /// <summary>Reads a GET /v1/connections answer; throws <see cref="JsonException"/> when it is not one.</summary>
    public static ConnectionListDocument ReadConnections(string json) =>
        JsonSerializer.Deserialize(json, Default.ConnectionListDocument) ?? throw new JsonException("empty /v1/connections document");
}

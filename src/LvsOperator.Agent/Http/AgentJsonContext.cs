using System.Text.Json;
using System.Text.Json.Serialization;

namespace LvsOperator.Agent.Http;

/// <summary>Source-generated JSON for the /v1 documents: camelCase, nulls written (a reader sees every field).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(ServiceListDocument))]
[JsonSerializable(typeof(ConnectionListDocument))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;

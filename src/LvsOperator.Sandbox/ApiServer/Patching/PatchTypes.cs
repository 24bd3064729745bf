using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Endpoints;

namespace LvsOperator.Sandbox.ApiServer.Patching;

/// <summary>The patch media types the server accepts, each applied to a copy of the current object.</summary>
internal static class PatchTypes
{
    public const string Apply = "application/apply-patch+yaml";

    public static JsonNode? ApplyTo(string contentType, JsonObject current, JsonNode? patch) => contentType switch
    {
        "application/json-patch+json" => JsonPatch.Apply(current.DeepClone(), patch),
        "application/merge-patch+json" => JsonMergePatch.Apply(current.DeepClone(), patch),
        "application/strategic-merge-patch+json" or Apply => StrategicMergePatch.Apply(current, patch),
        _ => throw ApiException.UnsupportedMediaType(contentType),
    };

    /// <summary>The media type of a request without its parameters.</summary>
    public static string Of(string? contentType) => (contentType ?? string.Empty).Split(';')[0].Trim();
}

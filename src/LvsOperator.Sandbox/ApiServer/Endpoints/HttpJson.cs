using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Protobuf;
using LvsOperator.Sandbox.ApiServer.Serialization;
using Microsoft.AspNetCore.Http;

namespace LvsOperator.Sandbox.ApiServer.Endpoints;

/// <summary>Reads request bodies (JSON, YAML, protobuf envelope) and writes JSON responses; the server always answers JSON.</summary>
internal static class HttpJson
{
    public static async Task WriteAsync(HttpContext ctx, int status, JsonNode node, IReadOnlyList<string>? warnings = null)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        if (warnings is not null)
        {
            foreach (var w in warnings)
            {
                ctx.Response.Headers.Append("Warning", $"299 - \"{w.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
            }
        }

        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(node.ToJsonString()), ctx.RequestAborted);
    }

    /// <summary>The body as a JSON node, whatever its declared media type; every node is JsonElement-backed.</summary>
    public static async Task<JsonNode?> ReadAsync(HttpContext ctx)
    {
        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
        if (buffer.Length == 0)
        {
            return null;
        }

        var contentType = ctx.Request.ContentType ?? "application/json";
        if (ProtobufEnvelope.IsProtobuf(contentType))
        {
            return Normalize(ProtobufBody.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), contentType));
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException) when (contentType.Contains("yaml", StringComparison.Ordinal))
        {
            try
            {
                return Normalize(YamlToJson.Convert(text));
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw ApiException.BadRequest($"error converting YAML to JSON: {e.Message}");
            }
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }
    }

    public static JsonObject RequireObject(JsonNode? node) =>
        node as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");

    private static JsonNode? Normalize(JsonNode? node) => node is null ? null : JsonNode.Parse(node.ToJsonString());
}

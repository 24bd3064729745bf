using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Patching;
using LvsOperator.Sandbox.ApiServer.Serialization;
using LvsOperator.Sandbox.ApiServer.Storage;
using Microsoft.AspNetCore.Http;

namespace LvsOperator.Sandbox.ApiServer.Endpoints;

/// <summary>
/// The /scale subresource of Deployments and ReplicaSets (what `kubectl scale` and autoscalers use): an autoscaling/v1
/// Scale whose spec.replicas is the workload's; get, update and every patch type, written through the main resource
/// so generation and watches behave as for any spec change.
/// </summary>
internal sealed class ScaleHandler(ObjectStore store, ObjectLifecycle lifecycle)
{
    public const string Subresource = "scale";

    public async Task HandleAsync(HttpContext ctx, ResourceRequest req)
    {
        var key = req.Key(req.Name ?? throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource"));
        JsonObject? stored;
        switch (ctx.Request.Method)
        {
            case "GET":
                stored = store.Get(key) ?? throw ApiException.NotFound(req.Definition.Plural, req.Definition.Group, req.Name);
                break;
            case "PUT":
                {
                    var body = HttpJson.RequireObject(await HttpJson.ReadAsync(ctx));
                    stored = Write(ctx, req, key, _ => body, expectedVersion: (string?)body["metadata"]?["resourceVersion"]);
                    break;
                }

            case "PATCH":
                {
                    var contentType = PatchTypes.Of(ctx.Request.ContentType);
                    var patch = await HttpJson.ReadAsync(ctx);
                    stored = Write(ctx, req, key, scale => HttpJson.RequireObject(PatchTypes.ApplyTo(contentType, scale, patch)), expectedVersion: null);
                    break;
                }

            default:
                throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        await HttpJson.WriteAsync(ctx, 200, ToScale(stored!));
    }

    private JsonObject? Write(HttpContext ctx, ResourceRequest req, ObjectKey key, Func<JsonObject, JsonObject> change, string? expectedVersion)
    {
        var write = WriteOptions.From(ctx.Request.Query);
        var main = req with { Subresource = null };
        return store.Write(
            key,
            current =>
            {
                if (current is null)
                {
                    throw ApiException.NotFound(req.Definition.Plural, req.Definition.Group, req.Name!);
                }

                if (!string.IsNullOrEmpty(expectedVersion) && expectedVersion != (string?)current["metadata"]?["resourceVersion"])
                {
                    throw ApiException.Conflict(req.Definition.Plural, req.Definition.Group, req.Name!);
                }

                var replicas = JsonText.Int(change(ToScale(current))["spec"]?["replicas"]);
                if (replicas is not (>= 0 and <= int.MaxValue))
                {
                    throw ApiException.Invalid("Scale", "autoscaling", req.Name!, [new FieldError("spec.replicas", "FieldValueInvalid", $"Invalid value: {replicas}: must be greater than or equal to 0")]);
                }

                var next = (JsonObject)current.DeepClone();
                if (next["spec"] is not JsonObject spec)
                {
                    next["spec"] = spec = new JsonObject();
                }

                spec["replicas"] = replicas;
                return lifecycle.DecideUpdate(main, current, next, write, []);
            },
            write.DryRun);
    }

    private static JsonObject ToScale(JsonObject workload)
    {
        var meta = workload["metadata"];
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta?["name"]?.DeepClone(),
                ["namespace"] = meta?["namespace"]?.DeepClone(),
                ["uid"] = meta?["uid"]?.DeepClone(),
                ["resourceVersion"] = meta?["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = meta?["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = JsonText.Int(workload["spec"]?["replicas"]) ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = JsonText.Int(workload["status"]?["replicas"]) ?? 0,
                ["selector"] = Selector(workload["spec"]?["selector"]?["matchLabels"] as JsonObject),
            },
        };
    }

    private static string Selector(JsonObject? matchLabels) =>
        matchLabels is null ? string.Empty : string.Join(',', matchLabels.Select(p => $"{p.Key}={(string?)p.Value}"));
}

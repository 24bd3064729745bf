using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Discovery;
using LvsOperator.Sandbox.ApiServer.Patching;
using LvsOperator.Sandbox.ApiServer.Storage;
using LvsOperator.Sandbox.ApiServer.Tables;
using LvsOperator.Sandbox.ApiServer.Watch;
using Microsoft.AspNetCore.Http;

namespace LvsOperator.Sandbox.ApiServer.Endpoints;

/// <summary>The verbs on one resource URL: get, list, watch, create, update, patch, delete, deletecollection; /scale goes to <see cref="ScaleHandler"/>.</summary>
internal sealed class ResourceHandler(ObjectStore store, ObjectLifecycle lifecycle, ResourceReader reader, WatchStreamer watcher, StoreCascades cascades)
{
    private readonly ScaleHandler _scale = new(store, lifecycle);

    public Task HandleAsync(HttpContext ctx, ResourceRequest req)
    {
        var method = ctx.Request.Method;
        if (req.Subresource == ScaleHandler.Subresource)
        {
            return _scale.HandleAsync(ctx, req);
        }

        return (method, req.Name is null) switch
        {
            ("GET", true) when IsWatch(ctx.Request.Query) => watcher.ServeAsync(ctx, req),
            ("GET", true) => reader.ListAsync(ctx, req),
            ("GET", false) => reader.GetAsync(ctx, req),
            ("POST", true) => CreateAsync(ctx, req),
            ("PUT", false) => UpdateAsync(ctx, req),
            ("PATCH", false) => PatchAsync(ctx, req),
            ("DELETE", false) => DeleteAsync(ctx, req),
            ("DELETE", true) => DeleteCollectionAsync(ctx, req),
            _ => throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource"),
        };
    }

    private static bool IsWatch(IQueryCollection query) => query["watch"].ToString() is "true" or "1";

    private async Task CreateAsync(HttpContext ctx, ResourceRequest req)
    {
        if (req.Subresource is not null)
        {
            throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        var obj = HttpJson.RequireObject(await HttpJson.ReadAsync(ctx));
        var write = WriteOptions.From(ctx.Request.Query);
        var warnings = new List<string>();
        var prepared = lifecycle.PrepareCreate(req, obj, write, warnings);
        var name = (string)prepared["metadata"]!["name"]!;
        var ns = (string?)prepared["metadata"]!["namespace"];
        var key = new ObjectKey(req.Definition.StorageKind, ns ?? string.Empty, name);
        var stored = store.Write(
            key,
            current => current is null ? StoreChange.Put(prepared) : throw ApiException.AlreadyExists(req.Definition.Plural, req.Definition.Group, name),
            write.DryRun);
        if (!write.DryRun)
        {
            cascades.AfterWrite(req.Definition, key, StoreChangeKind.Put);
        }

        await HttpJson.WriteAsync(ctx, 201, ResourceReader.Present(req.Definition, stored!), warnings);
    }

    private async Task UpdateAsync(HttpContext ctx, ResourceRequest req)
    {
        var obj = HttpJson.RequireObject(await HttpJson.ReadAsync(ctx));
        var write = WriteOptions.From(ctx.Request.Query);
        var warnings = new List<string>();
        var key = req.Key(req.Name!);
        var applied = StoreChangeKind.None;
        var stored = store.Write(
            key,
            current =>
            {
                var change = lifecycle.DecideUpdate(req, current, obj, write, warnings);
                applied = change.Kind;
                return change;
            },
            write.DryRun);
        Finish(req, key, applied, write);
        await HttpJson.WriteAsync(ctx, 200, ResourceReader.Present(req.Definition, stored!), warnings);
    }

    private async Task PatchAsync(HttpContext ctx, ResourceRequest req)
    {
        var contentType = PatchTypes.Of(ctx.Request.ContentType);
        var patch = await HttpJson.ReadAsync(ctx);
        var write = WriteOptions.From(ctx.Request.Query);
        var warnings = new List<string>();
        var isApply = contentType == PatchTypes.Apply;
        if (isApply && string.IsNullOrEmpty(ctx.Request.Query["fieldManager"]))
        {
            throw ApiException.Invalid("PatchOptions", "meta.k8s.io", string.Empty, [new FieldError("fieldManager", "FieldValueRequired", "Required value: is required for apply patch")]);
        }

        var key = req.Key(req.Name!);
        var applied = StoreChangeKind.None;
        var created = false;
        var stored = store.Write(
            key,
            current =>
            {
                if (current is null && isApply && req.Subresource is null)
                {
                    created = true;
                    applied = StoreChangeKind.Put;
                    var fresh = HttpJson.RequireObject(patch?.DeepClone());
                    JsonText(fresh)["name"] = req.Name;
                    return StoreChange.Put(lifecycle.PrepareCreate(req, fresh, write, warnings));
                }

                if (current is null)
                {
                    throw ApiException.NotFound(req.Definition.Plural, req.Definition.Group, req.Name!);
                }

                var patched = PatchTypes.ApplyTo(contentType, current, patch);
                var change = lifecycle.DecideUpdate(req, current, HttpJson.RequireObject(patched), write, warnings);
                applied = change.Kind;
                return change;
            },
            write.DryRun);
        Finish(req, key, applied, write);
        await HttpJson.WriteAsync(ctx, created ? 201 : 200, ResourceReader.Present(req.Definition, stored!), warnings);
    }

    private async Task DeleteAsync(HttpContext ctx, ResourceRequest req)
    {
        var options = await HttpJson.ReadAsync(ctx) as JsonObject;
        var write = WriteOptions.From(ctx.Request.Query);
        var key = req.Key(req.Name!);
        var applied = StoreChangeKind.None;
        var stored = store.Write(
            key,
            current =>
            {
                var change = lifecycle.DecideDelete(req, current, options);
                applied = change.Kind;
                return change;
            },
            write.DryRun);
        Finish(req, key, applied, write);
        await HttpJson.WriteAsync(ctx, 200, ResourceReader.Present(req.Definition, stored!));
    }

    private async Task DeleteCollectionAsync(HttpContext ctx, ResourceRequest req)
    {
        var options = await HttpJson.ReadAsync(ctx) as JsonObject;
        var write = WriteOptions.From(ctx.Request.Query);
        var items = new JsonArray();
        foreach (var obj in reader.Select(req, ctx.Request.Query))
        {
            var name = (string)obj["metadata"]!["name"]!;
            var one = req with { Name = name, Namespace = (string?)obj["metadata"]!["namespace"] };
            var key = one.Key(name);
            var applied = StoreChangeKind.None;
            var stored = store.Write(
                key,
                current =>
                {
                    var change = current is null ? new StoreChange(StoreChangeKind.None, null) : lifecycle.DecideDelete(one, current, options);
                    applied = change.Kind;
                    return change;
                },
                write.DryRun);
            Finish(one, key, applied, write);
            if (stored is not null)
            {
                items.Add(ResourceReader.Present(req.Definition, stored));
            }
        }

        var list = new JsonObject
        {
            ["kind"] = req.Definition.ListKind,
            ["apiVersion"] = req.Definition.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = store.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = items,
        };
        await HttpJson.WriteAsync(ctx, 200, list);
    }

    private void Finish(ResourceRequest req, ObjectKey key, StoreChangeKind applied, WriteOptions write)
    {
        if (!write.DryRun && applied != StoreChangeKind.None)
        {
            cascades.AfterWrite(req.Definition, key, applied);
        }
    }

    private static JsonObject JsonText(JsonObject obj) => Serialization.JsonText.Metadata(obj);
}

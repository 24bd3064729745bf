using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Discovery;
using LvsOperator.Sandbox.ApiServer.Selectors;
using LvsOperator.Sandbox.ApiServer.Storage;
using LvsOperator.Sandbox.ApiServer.Tables;
using Microsoft.AspNetCore.Http;

namespace LvsOperator.Sandbox.ApiServer.Endpoints;

/// <summary>get and list (selectors, limit/continue, Table output). Lists are always served from current state.</summary>
internal sealed class ResourceReader(ObjectStore store, TableBuilder tables)
{
    /// <summary>An object as the client asked for it: apiVersion of the URL's version (no conversion between CRD versions).</summary>
    public static JsonObject Present(ResourceDefinition def, JsonObject obj)
    {
        obj["apiVersion"] = def.GroupVersion;
        obj["kind"] = def.Kind;
        return obj;
    }

    public async Task GetAsync(HttpContext ctx, ResourceRequest req)
    {
        var obj = store.Get(req.Key(req.Name!)) ?? throw ApiException.NotFound(req.Definition.Plural, req.Definition.Group, req.Name!);
        Present(req.Definition, obj);
        if (TableBuilder.Wants(ctx.Request.Headers.Accept.ToString()))
        {
            await HttpJson.WriteAsync(ctx, 200, tables.Build(req.Definition, [obj], (string?)obj["metadata"]?["resourceVersion"] ?? "0", null));
            return;
        }

        await HttpJson.WriteAsync(ctx, 200, obj);
    }

    public async Task ListAsync(HttpContext ctx, ResourceRequest req)
    {
        var query = ctx.Request.Query;
        var (all, revision) = Snapshot(req, query);
        var start = 0;
        if (query["continue"].ToString() is { Length: > 0 } token)
        {
            var after = DecodeContinue(token);
            while (start < all.Count && string.CompareOrdinal(SortKey(all[start]), after) <= 0)
            {
                start++;
            }
        }

        var limit = int.TryParse(query["limit"], out var l) && l > 0 ? l : int.MaxValue;
        var page = all.GetRange(start, Math.Min(limit, all.Count - start));
        string? next = start + page.Count < all.Count ? EncodeContinue(SortKey(page[^1])) : null;
        var rv = revision.ToString(CultureInfo.InvariantCulture);
        foreach (var item in page)
        {
            Present(req.Definition, item);
        }

        if (TableBuilder.Wants(ctx.Request.Headers.Accept.ToString()))
        {
            await HttpJson.WriteAsync(ctx, 200, tables.Build(req.Definition, page, rv, next));
            return;
        }

        var meta = new JsonObject { ["resourceVersion"] = rv };
        if (next is not null)
        {
            meta["continue"] = next;
            meta["remainingItemCount"] = all.Count - start - page.Count;
        }

        var items = new JsonArray();
        foreach (var item in page)
        {
            items.Add(item);
        }

        await HttpJson.WriteAsync(ctx, 200, new JsonObject
        {
            ["kind"] = req.Definition.ListKind,
            ["apiVersion"] = req.Definition.GroupVersion,
            ["metadata"] = meta,
            ["items"] = items,
        });
    }

    /// <summary>Objects matching the request's namespace and selectors, for deletecollection.</summary>
    public List<JsonObject> Select(ResourceRequest req, IQueryCollection query) => Snapshot(req, query).Items;

    private (List<JsonObject> Items, long Revision) Snapshot(ResourceRequest req, IQueryCollection query)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        var (items, revision) = store.List(req.Definition.StorageKind, req.Definition.Namespaced ? req.Namespace : null);
        items.RemoveAll(o => !labels.Matches(o) || !fields.Matches(o));
        return (items, revision);
    }

    private static string SortKey(JsonObject obj) =>
        ((string?)obj["metadata"]?["namespace"] ?? string.Empty) + "\u0000" + (string?)obj["metadata"]?["name"];

    private static string EncodeContinue(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    private static string DecodeContinue(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw ApiException.BadRequest("continue key is not valid: illegal base64 data");
        }
    }
}

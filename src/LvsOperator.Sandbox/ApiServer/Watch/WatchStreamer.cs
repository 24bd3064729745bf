using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Discovery;
using LvsOperator.Sandbox.ApiServer.Endpoints;
using LvsOperator.Sandbox.ApiServer.Selectors;
using LvsOperator.Sandbox.ApiServer.Storage;
using LvsOperator.Sandbox.ApiServer.Tables;
using Microsoft.AspNetCore.Http;

namespace LvsOperator.Sandbox.ApiServer.Watch;

/// <summary>
/// Serves ?watch=true as a stream of newline-separated WatchEvents. resourceVersion unset or "0" (or
/// sendInitialEvents=true) starts with ADDED for current objects; sendInitialEvents ends them with a BOOKMARK
/// annotated k8s.io/initial-events-end. A resourceVersion older than the history gives an ERROR event carrying
/// 410 Expired, as the apiserver does once a watch is established.
/// </summary>
internal sealed class WatchStreamer(ObjectStore store, TableBuilder tables, SandboxApiServerOptions options)
{
    public WatchConnections Connections { get; } = new();

    public async Task ServeAsync(HttpContext ctx, ResourceRequest req)
    {
        var query = ctx.Request.Query;
        var def = req.Definition;
        var rvText = query["resourceVersion"].ToString();
        var sendInitial = query["sendInitialEvents"].ToString() == "true";
        var bookmarks = query["allowWatchBookmarks"].ToString() == "true";
        var asTable = TableBuilder.Wants(ctx.Request.Headers.Accept.ToString());
        long fromRv = 0;
        if (rvText.Length > 0 && !long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out fromRv))
        {
            throw ApiException.BadRequest($"invalid resource version: {rvText}");
        }

        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        var initial = sendInitial || fromRv == 0;

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        if (int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        var token = timeout.Token;
        WatchSubscription sub;
        List<JsonObject> initialObjects;
        long revision;
        try
        {
            sub = store.Subscribe(def.StorageKind, def.Namespaced ? req.Namespace : null, fromRv, initial, out initialObjects, out revision);
        }
        catch (ApiException e) when (e.Code == 410)
        {
            await WriteEventAsync(ctx, "ERROR", e.ToStatus(), CancellationToken.None);
            return;
        }

        using (sub)
        using (Connections.Track(ctx))
        {
            await ctx.Response.Body.FlushAsync(CancellationToken.None);
            try
            {
                foreach (var obj in initialObjects)
                {
                    if (labels.Matches(obj) && fields.Matches(obj))
                    {
                        await WriteEventAsync(ctx, "ADDED", Wrap(def, obj, asTable), token);
                    }
                }

                if (sendInitial && bookmarks)
                {
                    await WriteEventAsync(ctx, "BOOKMARK", Bookmark(def, revision, initialEnd: true), token);
                }

                await StreamAsync(ctx, def, sub, labels, fields, bookmarks, asTable, token);
            }
            catch (OperationCanceledException)
            {
                // Client went away or timeoutSeconds elapsed: both end the stream normally.
            }
        }
    }

    private async Task StreamAsync(
        HttpContext ctx, ResourceDefinition def, WatchSubscription sub, LabelSelector labels, FieldSelector fields, bool bookmarks, bool asTable, CancellationToken token)
    {
        var reader = sub.Events;
        Task<bool>? waiting = null;

        // One bookmark timer at a time, kept across events: restarting it on every event would starve a busy watch of
        // bookmarks and leave a pending timer behind per event.
        Task? tick = null;
        while (!token.IsCancellationRequested)
        {
            while (reader.TryRead(out var e))
            {
                if (Translate(e, labels, fields) is { } type)
                {
                    await WriteEventAsync(ctx, type, Wrap(def, e.Object, asTable), token);
                }
            }

            waiting ??= reader.WaitToReadAsync(token).AsTask();
            tick ??= bookmarks ? Task.Delay(options.BookmarkInterval, options.TimeProvider, token) : null;
            var done = tick is null ? waiting : await Task.WhenAny(waiting, tick);
            if (done == waiting)
            {
                if (!await waiting)
                {
                    return;
                }

                waiting = null;
                continue;
            }

            await tick!;
            tick = null;

            // Every event up to this revision is already queued for us (published under the store lock), so a
            // bookmark is truthful only when the queue is empty.
            var current = store.Revision;
            if (!reader.TryPeek(out _))
            {
                await WriteEventAsync(ctx, "BOOKMARK", Bookmark(def, current, initialEnd: false), token);
            }
        }
    }

    /// <summary>
    /// The event type a filtered watcher sees, as the apiserver's watch cache sends it: an object that starts
    /// matching is ADDED, one that stops matching is DELETED, null when it matched neither before nor after.
    /// </summary>
    private static string? Translate(StoredEvent e, LabelSelector labels, FieldSelector fields)
    {
        var now = labels.Matches(e.Object) && fields.Matches(e.Object);
        if (e.Type != "MODIFIED" || e.Previous is null)
        {
            return now ? e.Type : null;
        }

        var before = labels.Matches(e.Previous) && fields.Matches(e.Previous);
        return (before, now) switch
        {
            (true, true) => "MODIFIED",
            (false, true) => "ADDED",
            (true, false) => "DELETED",
            _ => null,
        };
    }

    private JsonObject Wrap(ResourceDefinition def, JsonObject obj, bool asTable)
    {
        ResourceReader.Present(def, obj);
        return asTable ? tables.Build(def, [obj], (string?)obj["metadata"]?["resourceVersion"] ?? "0", null) : obj;
    }

    private static JsonObject Bookmark(ResourceDefinition def, long revision, bool initialEnd)
    {
        var meta = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (initialEnd)
        {
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        return new JsonObject { ["kind"] = def.Kind, ["apiVersion"] = def.GroupVersion, ["metadata"] = meta };
    }

    private static async Task WriteEventAsync(HttpContext ctx, string type, JsonObject obj, CancellationToken token)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString() + "\n";
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), token);
        await ctx.Response.Body.FlushAsync(token);
    }
}

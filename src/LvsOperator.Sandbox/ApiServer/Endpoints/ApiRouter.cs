using System.Text;
using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Auth;
using LvsOperator.Sandbox.ApiServer.Discovery;
using LvsOperator.Sandbox.ApiServer.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Sandbox.ApiServer.Endpoints;

/// <summary>The one request entry point: authentication, non-resource paths (version, discovery, OpenAPI, health), then resources.</summary>
internal sealed partial class ApiRouter(
    ResourceCatalog catalog, OpenApiDocuments openApi, ResourceHandler resources, RequestGate gate, SandboxApiServerOptions options, Func<string> serverAddress, ILogger logger)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        try
        {
            var user = gate.Authenticate(ctx);
            var path = ctx.Request.Path.Value ?? "/";
            if (IsNonResource(path))
            {
                gate.AuthorizeNonResource(ctx, user);
            }

            if (await TryServeNonResourceAsync(ctx, path.TrimEnd('/')))
            {
                return;
            }

            if (!ResourcePathParser.TryParse(path, catalog, out var request))
            {
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
            }

            gate.AuthorizeResource(ctx, user, request!);
            await resources.HandleAsync(ctx, request!);
            Log.Request(logger, ctx.Request.Method, ctx.Request.Path.Value ?? "/", ctx.Response.StatusCode);
        }
        catch (ApiException e) when (!ctx.Response.HasStarted)
        {
            Log.Rejected(logger, ctx.Request.Method, ctx.Request.Path.Value ?? "/", e.Code, e.Reason, e.Message);
            await HttpJson.WriteAsync(ctx, e.Code, e.ToStatus());
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client hung up; nothing to answer.
        }
        catch (Exception e) when (!ctx.Response.HasStarted && e is not OperationCanceledException)
        {
            // A bug here should reach the client as a Status it can print, not as an empty 500.
            Log.Failed(logger, ctx.Request.Method, ctx.Request.Path.Value ?? "/", e);
            await HttpJson.WriteAsync(ctx, 500, new ApiException(500, "InternalError", $"Internal error occurred: {e.GetType().Name}: {e.Message}").ToStatus());
        }
    }

    private async Task<bool> TryServeNonResourceAsync(HttpContext ctx, string path)
    {
        if (ctx.Request.Method != "GET")
        {
            return false;
        }

        JsonNode? doc = null;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (segments)
        {
            case ["version"]:
                doc = DiscoveryDocuments.Version(options.KubernetesVersion);
                break;
            case ["healthz" or "readyz" or "livez"]:
                ctx.Response.ContentType = "text/plain";
                await ctx.Response.Body.WriteAsync("ok"u8.ToArray(), ctx.RequestAborted);
                return true;
            case ["api"]:
                doc = DiscoveryDocuments.CoreVersions(serverAddress());
                break;
            case ["apis"]:
                doc = DiscoveryDocuments.GroupList(catalog);
                break;
            case ["api", var v]:
                doc = DiscoveryDocuments.ResourceList(catalog, string.Empty, v) ?? throw NotFound();
                break;
            case ["apis", var g]:
                doc = DiscoveryDocuments.GroupDocument(catalog, g) ?? throw NotFound();
                break;
            case ["apis", var g, var v]:
                doc = DiscoveryDocuments.ResourceList(catalog, g, v) ?? throw NotFound();
                break;
            case ["openapi", "v3"]:
                doc = openApi.Index();
                break;
            case ["openapi", "v3", ..]:
                {
                    var json = openApi.Document(string.Join('/', segments[2..])) ?? throw NotFound();
                    ctx.Response.ContentType = "application/json";
                    await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(json), ctx.RequestAborted);
                    return true;
                }

            case ["openapi", "v2"]:
                throw NotFound();
            default:
                return false;
        }

        await HttpJson.WriteAsync(ctx, 200, doc);
        return true;
    }

    private static bool IsNonResource(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["api", _, _, ..] => false,
            ["apis", _, _, _, ..] => false,
            _ => true,
        };
    }

    private static ApiException NotFound() => new(404, "NotFound", "the server could not find the requested resource");
}

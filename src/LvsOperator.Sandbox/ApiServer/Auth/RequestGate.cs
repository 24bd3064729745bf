using LvsOperator.Sandbox.ApiServer.Endpoints;
using Microsoft.AspNetCore.Http;

namespace LvsOperator.Sandbox.ApiServer.Auth;

/// <summary>
/// Bearer-token authentication (the admin token, or a ServiceAccount token issued by ServiceAccountTokens)
/// and, only when the server runs with Rbac = true, RBAC authorization over the stored roles and bindings.
/// </summary>
internal sealed class RequestGate(SandboxApiServerOptions options, ServiceAccountTokens tokens, IRbacPolicySource policy)
{
    private readonly RbacAuthorizer _authorizer = new();

    public RequestUser Authenticate(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (token is not null && options.AdminToken is { Length: > 0 } fixedAdmin && token == fixedAdmin)
        {
            return RequestUser.Admin;
        }

        return tokens.TryValidate(token, out var user) ? user! : throw ApiException.Unauthorized();
    }

    public void AuthorizeResource(HttpContext ctx, RequestUser user, ResourceRequest request)
    {
        if (!options.Rbac)
        {
            return;
        }

        var def = request.Definition;
        var attributes = new RequestAttributes(
            Verb(ctx, request), def.Group, def.Plural, request.Subresource, def.Namespaced ? request.Namespace : null, request.Name,
            IsResourceRequest: true, ctx.Request.Path.Value ?? "/");
        Check(user, attributes);
    }

    public void AuthorizeNonResource(HttpContext ctx, RequestUser user)
    {
        if (options.Rbac)
        {
            var path = ctx.Request.Path.Value ?? "/";
            Check(user, new RequestAttributes(ctx.Request.Method.ToLowerInvariant(), string.Empty, string.Empty, null, null, null, IsResourceRequest: false, path));
        }
    }

    private void Check(RequestUser user, RequestAttributes attributes)
    {
        if (!_authorizer.Authorize(user, attributes, policy, out var reason))
        {
            throw ApiException.Forbidden(reason);
        }
    }

    private static string Verb(HttpContext ctx, ResourceRequest request)
    {
        var collection = request.Name is null;
        return ctx.Request.Method switch
        {
            "GET" when collection && ctx.Request.Query["watch"].ToString() is "true" or "1" => "watch",
            "GET" when collection => "list",
            "GET" => "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when collection => "deletecollection",
            "DELETE" => "delete",
            _ => ctx.Request.Method.ToLowerInvariant(),
        };
    }
}

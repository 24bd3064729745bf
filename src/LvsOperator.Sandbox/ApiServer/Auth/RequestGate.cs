using LvsOperator.Sandbox.ApiServer.Endpoints;
using Microsoft.AspNetCore.Http;

namespace LvsOperator.Sandbox.ApiServer.Auth;

/// <summary>
/// Bearer-token authentication and, when the server runs with Rbac = true, authorization of resource requests.
/// The admin token is cluster-admin (system:masters).
/// </summary>
internal sealed class RequestGate(SandboxApiServerOptions options, string adminToken)
{
    public string Authenticate(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (token == adminToken)
        {
            return "admin";
        }

        throw ApiException.Unauthorized();
    }

    public void Authorize(HttpContext ctx, string user, ResourceRequest request)
    {
        _ = ctx;
        _ = request;
        if (!options.Rbac || user == "admin")
        {
            return;
        }

        throw ApiException.Forbidden($"User \"{user}\" cannot access this resource");
    }
}

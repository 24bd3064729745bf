using LvsOperator.Sandbox.ApiServer.Discovery;

namespace LvsOperator.Sandbox.ApiServer.Endpoints;

/// <summary>
/// Parses /api/v1/... and /apis/{group}/{version}/... into a ResourceRequest:
/// [namespaces/{ns}/]{resource}[/{name}[/{subresource}]].
/// </summary>
internal static class ResourcePathParser
{
    /// <summary>Returns false when the path is not a resource path at all; throws 404 for unknown resources.</summary>
    public static bool TryParse(string path, ResourceCatalog catalog, out ResourceRequest? request)
    {
        request = null;
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string version;
        int rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = (string.Empty, segments[1], 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            return false;
        }

        var tail = segments[rest..];
        string? ns = null;
        if (tail.Length >= 3 && tail[0] == "namespaces" && catalog.Find(group, version, tail[2]) is { Namespaced: true })
        {
            ns = tail[1];
            tail = tail[2..];
        }

        var def = catalog.Find(group, version, tail[0])
            ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        if (tail.Length > 3)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }

        var name = tail.Length > 1 ? Uri.UnescapeDataString(tail[1]) : null;
        var sub = tail.Length > 2 ? tail[2] : null;
        var served = sub switch
        {
            null => true,
            "status" => def.HasStatus,
            "scale" => def.HasScale,
            "finalize" => def.Kind == "Namespace",
            _ => false,
        };
        if (!served)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }

        request = new ResourceRequest(def, ns, name, sub);
        return true;
    }
}

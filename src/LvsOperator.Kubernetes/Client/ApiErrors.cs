using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace LvsOperator.Kubernetes.Client;

/// <summary>What an API call's exception means: the HTTP status of a failed request, or of an ERROR event in a watch.</summary>
public static class ApiErrors
{
    /// <summary>The status code the API server answered with, or null for transport errors.</summary>
    public static int? StatusCode(Exception error) => error switch
    {
        HttpOperationException { Response: { } response } => (int)response.StatusCode,
        k8s.KubernetesException kube => kube.Status?.Code,
        _ => null,
    };

    public static bool IsNotFound(Exception error) => StatusCode(error) == (int)HttpStatusCode.NotFound;

    /// <summary>409: someone else wrote first (stale resourceVersion) or the object already exists.</summary>
    public static bool IsConflict(Exception error) => StatusCode(error) == (int)HttpStatusCode.Conflict;

    /// <summary>410 Gone/Expired: a resourceVersion or continue token older than the server's history; relist.</summary>
    public static bool IsGone(Exception error) => StatusCode(error) == (int)HttpStatusCode.Gone;

    /// <summary>403: RBAC does not grant this verb on this resource to our ServiceAccount.</summary>
    public static bool IsForbidden(Exception error) => StatusCode(error) == (int)HttpStatusCode.Forbidden;

    /// <summary>
    /// One line for logs and readiness bodies that names what failed, e.g. <c>forbidden: list
    /// endpointslices.discovery.k8s.io: endpointslices.discovery.k8s.io is forbidden: User "…" cannot list …</c>.
    /// KubernetesClient's own message ("Operation returned an invalid status code 'Forbidden'") names neither the
    /// verb nor the resource, so a missing RBAC rule would look like a generic failure.
    /// </summary>
    /// <param name="verb">The Kubernetes verb attempted: get, list, watch, create, update, patch, delete.</param>
    /// <param name="resource">The resource as RBAC names it: "virtualservices/status", "leases.coordination.k8s.io".</param>
    public static string Describe(Exception error, string verb, string resource)
    {
        ArgumentNullException.ThrowIfNull(error);
        var detail = ServerMessage(error) ?? error.Message;
        return StatusCode(error) switch
        {
            (int)HttpStatusCode.Forbidden => $"forbidden: {verb} {resource}: {detail}",
            (int)HttpStatusCode.Unauthorized => $"unauthorized: {verb} {resource}: {detail}",
            { } code => $"{verb} {resource} failed with HTTP {code}: {detail}",
            null => $"{verb} {resource} failed: {detail}",
        };
    }

    /// <summary>The message of the Status object the API server sent with a failure, when there is one.</summary>
    public static string? ServerMessage(Exception error)
    {
        switch (error)
        {
            case k8s.KubernetesException { Status.Message: { Length: > 0 } message }:
                return message;
            case HttpOperationException { Response.Content: { Length: > 0 } content }:
                try
                {
                    using var document = JsonDocument.Parse(content);
                    return document.RootElement.ValueKind == JsonValueKind.Object
                        && document.RootElement.TryGetProperty("message", out var message)
                        && message.ValueKind == JsonValueKind.String
                            ? message.GetString()
                            : null;
                }
                catch (JsonException)
                {
                    return null;
                }

            default:
                return null;
        }
    }
}

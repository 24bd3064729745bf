using System.Net;
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
}

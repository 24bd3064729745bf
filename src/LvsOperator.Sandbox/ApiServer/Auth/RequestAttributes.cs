namespace LvsOperator.Sandbox.ApiServer.Auth;

/// <summary>
/// What a request asks to do, in Kubernetes' authorizer vocabulary. Verb is the API verb (get, list,
/// watch, create, update, patch, delete, deletecollection) for resource requests and the lower-case HTTP
/// method for non-resource ones; ApiGroup is "" for the core group; Resource is the plural name.
/// </summary>
public sealed record RequestAttributes(
    string Verb,
    string ApiGroup,
    string Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    bool IsResourceRequest,
    string Path);

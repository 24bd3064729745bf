using System.Net;

namespace LvsOperator.Sandbox.ApiServer;

/// <summary>
/// An address the API server also listens on inside a network namespace (198.18.0.250:6443 in the multi-node
/// sandbox), for clients that run in namespaces where the host's 127.0.0.1 is out of reach.
/// </summary>
public sealed record NamespacedEndpoint(string NetworkNamespace, IPEndPoint EndPoint)
{
    public Uri Uri => new($"https://{EndPoint}");
}

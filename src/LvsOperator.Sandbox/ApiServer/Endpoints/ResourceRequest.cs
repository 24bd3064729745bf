using LvsOperator.Sandbox.ApiServer.Discovery;
using LvsOperator.Sandbox.ApiServer.Storage;

namespace LvsOperator.Sandbox.ApiServer.Endpoints;

/// <summary>A parsed resource URL: which resource, which namespace (null = all or cluster-scoped), name, subresource.</summary>
internal sealed record ResourceRequest(ResourceDefinition Definition, string? Namespace, string? Name, string? Subresource)
{
    public ObjectKey Key(string name) => new(Definition.StorageKind, Definition.Namespaced ? Namespace ?? string.Empty : string.Empty, name);
}

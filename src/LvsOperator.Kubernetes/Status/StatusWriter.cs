using k8s;
using k8s.Models;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Kubernetes.Status;

/// <summary>
/// Read-modify-write of the status subresource. The mutator edits a private copy and says whether it changed
/// anything; the copy is PUT to /status with its resourceVersion, so a concurrent writer's change is never
/// overwritten: on 409 the object is read fresh and the mutator applied again (bounded retries with backoff).
/// Two writers that each own a part of the status (the operator its conditions, every agent its own director
/// entry) thus both keep their changes. Nothing is sent when the mutator reports no change, or when the object
/// serializes the same after it.
/// </summary>
public sealed class StatusWriter<T>(IResourceClient<T> client, TimeProvider? time = null)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Reads the object, applies <paramref name="mutate"/>, writes the status; again from a fresh read after a 409.</summary>
    public Task<StatusWriteResult<T>> UpdateAsync(string? namespaceName, string name, Func<T, bool> mutate, CancellationToken cancellationToken) =>
        WriteAsync(null, namespaceName, name, mutate, cancellationToken);

    /// <summary>
    /// As the other overload, but the first attempt starts from a copy of <paramref name="current"/> (e.g. the
    /// informer's cached object, saving a GET); a stale copy costs one 409 and a fresh read.
    /// </summary>
    public Task<StatusWriteResult<T>> UpdateAsync(T current, Func<T, bool> mutate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        return WriteAsync(current, current.Metadata.NamespaceProperty, current.Metadata.Name, mutate, cancellationToken);
    }

    private Task<StatusWriteResult<T>> WriteAsync(T? start, string? namespaceName, string name, Func<T, bool> mutate, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(mutate);
        return ConflictRetry.RunAsync(
            async (attempt, ct) =>
            {
                var fresh = attempt == 0 && start is not null ? start : await client.GetAsync(namespaceName, name, ct);
                if (fresh is null)
                {
                    return new StatusWriteResult<T>(StatusWriteOutcome.NotFound, null);
                }

                var before = KubernetesJson.Serialize(fresh);
                var edited = KubernetesJson.Deserialize<T>(before);
                if (!mutate(edited) || KubernetesJson.Serialize(edited) == before)
                {
                    return new StatusWriteResult<T>(StatusWriteOutcome.Unchanged, fresh);
                }

                try
                {
                    return new StatusWriteResult<T>(StatusWriteOutcome.Written, await client.ReplaceStatusAsync(edited, ct));
                }
                catch (Exception e) when (ApiErrors.IsNotFound(e))
                {
                    return new StatusWriteResult<T>(StatusWriteOutcome.NotFound, null);
                }
            },
            _time,
            cancellationToken);
    }
}

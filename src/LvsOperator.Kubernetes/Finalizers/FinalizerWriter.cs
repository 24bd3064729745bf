using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Kubernetes.Finalizers;

/// <summary>
/// Adds and removes one qualified finalizer (e.g. <c>lvs.lvs-operator.dev/cleanup</c>) without disturbing the others:
/// a JSON merge patch of metadata.finalizers that carries the object's resourceVersion, so the server refuses it
/// (409) when someone changed the list meanwhile; then the object is read again and the edit retried.
/// </summary>
public sealed class FinalizerWriter<T>(IResourceClient<T> client, TimeProvider? time = null)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// Makes sure <paramref name="finalizer"/> is on the object; returns the object as it is now, or null when it is
    /// gone. An object already being deleted gets no new finalizer (the API server would refuse it) and is returned as is.
    /// </summary>
    public Task<T?> AddAsync(T obj, string finalizer, CancellationToken cancellationToken) =>
        EditAsync(obj, finalizer, add: true, cancellationToken);

    /// <summary>Makes sure <paramref name="finalizer"/> is off the object; returns it as it is now, or null when it is gone (deleted at last).</summary>
    public Task<T?> RemoveAsync(T obj, string finalizer, CancellationToken cancellationToken) =>
        EditAsync(obj, finalizer, add: false, cancellationToken);

    private Task<T?> EditAsync(T obj, string finalizer, bool add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentException.ThrowIfNullOrEmpty(finalizer);
        T? current = obj;
        return ConflictRetry.RunAsync<T?>(
            async (attempt, ct) =>
            {
                if (attempt > 0)
                {
                    current = await client.GetAsync(current!.Metadata.NamespaceProperty, current.Metadata.Name, ct);
                    if (current is null)
                    {
                        return null;
                    }
                }

                var list = current!.Metadata.Finalizers?.ToList() ?? [];
                var present = list.Contains(finalizer);
                if (present == add || (add && Finalizer.IsBeingDeleted(current)))
                {
                    return current;
                }

                if (add)
                {
                    list.Add(finalizer);
                }
                else
                {
                    list.RemoveAll(f => f == finalizer);
                }

                try
                {
                    return await client.PatchAsync(current.Metadata.NamespaceProperty, current.Metadata.Name, Patch(current, list), ct);
                }
                catch (Exception e) when (ApiErrors.IsNotFound(e))
                {
                    return null;
                }
            },
            _time,
            cancellationToken);
    }

    private static V1Patch Patch(T current, List<string> finalizers)
    {
        var values = new JsonArray();
        foreach (var f in finalizers)
        {
            values.Add(f);
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = current.Metadata.ResourceVersion,
                ["finalizers"] = values,
            },
        };
        return new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch);
    }
}

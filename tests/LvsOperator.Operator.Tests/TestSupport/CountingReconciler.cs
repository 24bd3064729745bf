using System.Collections.Concurrent;
using LvsOperator.Kubernetes.Controllers;

namespace LvsOperator.Operator.Tests.TestSupport;

/// <summary>Counts the reconciles of each key on their way to the operator's own reconciler.</summary>
internal sealed class CountingReconciler(IReconciler<string> inner, ConcurrentDictionary<string, int> counts) : IReconciler<string>
{
    public Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        counts.AddOrUpdate(key, 1, (_, n) => n + 1);
        return inner.ReconcileAsync(key, cancellationToken);
    }
}

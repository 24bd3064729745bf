using LvsOperator.Kubernetes.Controllers;
using LvsOperator.Operator.Hosting;

namespace LvsOperator.Operator.Metrics;

/// <summary>
/// Wraps the reconciler the runner calls: counts results and durations for /metrics and registers each reconcile in
/// flight for /healthz. A thrown exception counts as an error (the runner retries it); a reconcile cut short because
/// leadership ended counts as nothing: it is queued again for the next leader.
/// </summary>
internal sealed class InstrumentedReconciler(IReconciler<string> inner, OperatorMetrics metrics, ReconcileWatch watch, TimeProvider time) : IReconciler<string>
{
    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var ticket = watch.Begin();
        var outcome = ReconcileOutcome.Error;
        var cancelled = false;
        try
        {
            var result = await inner.ReconcileAsync(key, cancellationToken);
            outcome = result.Outcome;
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
            throw;
        }
        finally
        {
            watch.End(ticket);
            if (!cancelled)
            {
                metrics.RecordReconcile(outcome, time.GetElapsedTime(started));
            }
        }
    }
}

using LvsOperator.Kubernetes.Controllers;
using LvsOperator.Kubernetes.Queues;
using LvsOperator.Operator.Controller;
using LvsOperator.Operator.Hosting;
using Prometheus;

namespace LvsOperator.Operator.Metrics;

/// <summary>
/// /metrics from the operator's own prometheus-net registry (not the library's static default, which would add
/// process and runtime collectors no one asked for). Reconciles are recorded as they end; queue, leader, informer and
/// agent figures are read from their owners at scrape time, in the registry's before-collect callback.
/// </summary>
internal sealed class OperatorMetrics
{
    public const string ContentType = PrometheusConstants.TextContentTypeWithVersionAndEncoding;

    private const string Kind = "kind";

    private readonly ClusterState _state;
    private readonly WorkQueue<string> _queue;
    private readonly Leadership _leadership;
    private readonly AgentHeartbeats _agents;
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Lock _gate = new();
    private readonly Counter _reconciles;
    private readonly Counter _errors;
    private readonly Histogram _duration;
    private readonly Gauge _queueDepth;
    private readonly Counter _queueAdds;
    private readonly Counter _queueRetries;
    private readonly Gauge _leader;
    private readonly Counter _lists;
    private readonly Counter _watches;
    private readonly Gauge _synced;
    private readonly Gauge _liveAgents;

    public OperatorMetrics(ClusterState state, WorkQueue<string> queue, Leadership leadership, AgentHeartbeats agents)
    {
        _state = state;
        _queue = queue;
        _leadership = leadership;
        _agents = agents;
        var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        _reconciles = factory.CreateCounter("lvs_operator_reconciles_total", "VirtualService reconciles by result: success, requeue_after, requeue, error.", "result");
        _errors = factory.CreateCounter("lvs_operator_reconcile_errors_total", "Reconciles that failed (an API error or an exception); each is retried with backoff.");
        _duration = factory.CreateHistogram("lvs_operator_reconcile_duration_seconds", "Time one VirtualService reconcile took.",
            new HistogramConfiguration { Buckets = [.. ControllerMetrics.DurationBuckets] });
        _queueDepth = factory.CreateGauge("lvs_operator_workqueue_depth", "VirtualService keys waiting to be reconciled.");
        _queueAdds = factory.CreateCounter("lvs_operator_workqueue_adds_total", "Keys added to the work queue (collapsed adds of a waiting key included).");
        _queueRetries = factory.CreateCounter("lvs_operator_workqueue_retries_total", "Rate-limited re-adds after a failed or unfinished reconcile.");
        _leader = factory.CreateGauge("lvs_operator_leader", "1 while this replica reconciles (holds the leader Lease, or runs without election).");
        _lists = factory.CreateCounter("lvs_operator_informer_lists_total", "LISTs by informer kind: 1 at start, one more per relist (410 Expired, a failed watch start).", Kind);
        _watches = factory.CreateCounter("lvs_operator_informer_watches_total", "WATCH requests started by informer kind.", Kind);
        _synced = factory.CreateGauge("lvs_operator_informer_synced", "1 once the informer's cache is filled.", Kind);
        _liveAgents = factory.CreateGauge("lvs_operator_live_agents", "Agents whose heartbeat Lease is fresh.");
        foreach (var outcome in Enum.GetValues<ReconcileOutcome>())
        {
            _reconciles.WithLabels(Result(outcome));
        }

        _registry.AddBeforeCollectCallback(Update);
    }

    public void RecordReconcile(ReconcileOutcome outcome, TimeSpan duration)
    {
        _reconciles.WithLabels(Result(outcome)).Inc();
        if (outcome == ReconcileOutcome.Error)
        {
            _errors.Inc();
        }

        _duration.Observe(duration.TotalSeconds);
    }

    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) =>
        _registry.CollectAndExportAsTextAsync(destination, cancellationToken);

    public static string Result(ReconcileOutcome outcome) => outcome switch
    {
        ReconcileOutcome.Success => "success",
        ReconcileOutcome.RequeueAfter => "requeue_after",
        ReconcileOutcome.Requeue => "requeue",
        _ => "error",
    };

    private void Update()
    {
        lock (_gate)
        {
            _queueDepth.Set(_queue.Length);
            _queueAdds.IncTo(_queue.AddsTotal);
            _queueRetries.IncTo(_queue.RetriesTotal);
            _leader.Set(_leadership.Leading ? 1 : 0);
            _liveAgents.Set(_agents.LiveCount);
            foreach (var (kind, informer) in _state.All)
            {
                _lists.WithLabels(kind).IncTo(informer.Lists);
                _watches.WithLabels(kind).IncTo(informer.Watches);
                _synced.WithLabels(kind).Set(informer.HasSynced ? 1 : 0);
            }
        }
    }
}

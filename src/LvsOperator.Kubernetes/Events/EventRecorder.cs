using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Kubernetes.Events;

/// <summary>
/// Records core/v1 Events about an object (what <c>kubectl describe</c> and <c>kubectl get events</c> show), as
/// client-go's recorder: involvedObject, CamelCase reason, type Normal/Warning, source and reporting component and
/// instance. The same event again within the aggregation window patches the existing Event's count and
/// lastTimestamp instead of creating another. Best effort: a failure is logged and never thrown, so recording an
/// event cannot fail a reconcile.
/// </summary>
public sealed partial class EventRecorder
{
    private readonly IKubernetes _client;
    private readonly EventRecorderOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<EventKey, SeenEvent> _seen = [];

    public EventRecorder(IKubernetes client, EventRecorderOptions options, ILogger<EventRecorder> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrEmpty(options.ReportingController);
        ArgumentException.ThrowIfNullOrEmpty(options.ReportingInstance);
        _client = client;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public Task NormalAsync(IKubernetesObject<V1ObjectMeta> regarding, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(regarding, EventTypes.Normal, reason, message, cancellationToken);

    public Task WarningAsync(IKubernetesObject<V1ObjectMeta> regarding, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(regarding, EventTypes.Warning, reason, message, cancellationToken);

    /// <param name="reason">CamelCase, machine-readable (<c>VipConflict</c>).</param>
    /// <param name="message">For humans; repeated identical messages aggregate.</param>
    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var meta = regarding.Metadata;
        var key = new EventKey(meta.NamespaceProperty, regarding.Kind ?? "", meta.Name, meta.Uid, type, reason, message ?? "");
        var now = _time.GetUtcNow().UtcDateTime;
        var eventNamespace = string.IsNullOrEmpty(meta.NamespaceProperty) ? "default" : meta.NamespaceProperty;
        try
        {
            if (Repeat(key, now) is { } repeat && await TryBumpAsync(eventNamespace, repeat, now, cancellationToken))
            {
                return;
            }

            var created = await _client.CoreV1.CreateNamespacedEventAsync(NewEvent(regarding, eventNamespace, type, reason, message ?? "", now), eventNamespace, cancellationToken: cancellationToken);
            Remember(key, new SeenEvent(created.Metadata.Name, 1, now));
        }
#pragma warning disable CA1031 // events are best effort: losing one must not fail the reconcile that reports it
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(_logger, e, type, reason, key.Kind, key.Name);
        }
    }

    // The earlier Event this one repeats, with its count already raised; null for a first or a stale one.
    private SeenEvent? Repeat(EventKey key, DateTime now)
    {
        lock (_lock)
        {
            if (!_seen.TryGetValue(key, out var seen) || now - seen.LastSeen > _options.AggregationWindow)
            {
                return null;
            }

            var bumped = seen with { Count = seen.Count + 1, LastSeen = now };
            _seen[key] = bumped;
            return bumped;
        }
    }

    private async Task<bool> TryBumpAsync(string eventNamespace, SeenEvent repeat, DateTime now, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["count"] = repeat.Count,
            ["lastTimestamp"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch);
        try
        {
            await _client.CoreV1.PatchNamespacedEventAsync(patch, repeat.Name, eventNamespace, cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            // Expired or deleted meanwhile: record it anew.
            return false;
        }
    }

    private Corev1Event NewEvent(IKubernetesObject<V1ObjectMeta> regarding, string eventNamespace, string type, string reason, string message, DateTime now)
    {
        var meta = regarding.Metadata;
        return new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                // client-go's naming: the object's name and a unique suffix from the clock.
                Name = $"{meta.Name}.{_time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000):x}",
                NamespaceProperty = eventNamespace,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = regarding.ApiVersion,
                Kind = regarding.Kind,
                Name = meta.Name,
                NamespaceProperty = meta.NamespaceProperty,
                Uid = meta.Uid,
                ResourceVersion = meta.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message,
            Count = 1,
            FirstTimestamp = now,
            LastTimestamp = now,
            Source = new V1EventSource { Component = _options.ReportingController, Host = _options.ReportingInstance },
            ReportingComponent = _options.ReportingController,
            ReportingInstance = _options.ReportingInstance,
        };
    }

    private void Remember(EventKey key, SeenEvent seen)
    {
        lock (_lock)
        {
            if (_seen.Count >= _options.MaxTracked && !_seen.ContainsKey(key))
            {
                Forget(seen.LastSeen);
            }

            _seen[key] = seen;
        }
    }

    // Over the limit: drop what fell out of the window, and if that is not enough, the older half.
    private void Forget(DateTime now)
    {
        var stale = new List<EventKey>();
        foreach (var (key, seen) in _seen)
        {
            if (now - seen.LastSeen > _options.AggregationWindow)
            {
                stale.Add(key);
            }
        }

        if (stale.Count == 0)
        {
            var ordered = new List<KeyValuePair<EventKey, SeenEvent>>(_seen);
            ordered.Sort((a, b) => a.Value.LastSeen.CompareTo(b.Value.LastSeen));
            for (var i = 0; i < ordered.Count / 2; i++)
            {
                stale.Add(ordered[i].Key);
            }
        }

        foreach (var key in stale)
        {
            _seen.Remove(key);
        }
    }

    private sealed record SeenEvent(string Name, int Count, DateTime LastSeen);
}

using System.Net;
using k8s.Models;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// The readiness and liveness probes of one container, started afresh for every run of its process: readiness
/// gates <see cref="IsReady"/> (no probe: ready while running), a failed liveness probe kills the process so its
/// supervisor restarts it. startupProbe is not modelled.
/// </summary>
internal sealed class ContainerProbing(V1Container container, Prober prober, string podNetworkNamespace, IPAddress podIp)
{
    private volatile ProbeState? _readiness;

    public bool IsReady => container.ReadinessProbe is null || _readiness?.Succeeded == true;

    /// <summary>Runs the probes until <paramref name="cancellationToken"/> ends this run.</summary>
    public Task StartAsync(Action kill, Action changed, CancellationToken cancellationToken)
    {
        var probes = new List<Task>();
        _readiness = container.ReadinessProbe is { } readiness ? new ProbeState(readiness, initiallySucceeded: false) : null;
        if (_readiness is { } ready)
        {
            probes.Add(ready.RunAsync(prober, container, podNetworkNamespace, podIp, changed, cancellationToken));
        }

        if (container.LivenessProbe is { } liveness)
        {
            var live = new ProbeState(liveness, initiallySucceeded: true);
            probes.Add(live.RunAsync(prober, container, podNetworkNamespace, podIp, () =>
            {
                if (!live.Succeeded)
                {
                    kill();
                }
            }, cancellationToken));
        }

        return Task.WhenAll(probes);
    }
}

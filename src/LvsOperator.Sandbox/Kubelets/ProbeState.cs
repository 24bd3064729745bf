using System.Net;
using k8s.Models;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// One probe of one container run: waits initialDelaySeconds, then probes every periodSeconds; the result flips to
/// success after successThreshold successes in a row and to failure after failureThreshold failures in a row.
/// Readiness starts failed, liveness starts succeeded, as in Kubernetes.
/// </summary>
internal sealed class ProbeState(V1Probe probe, bool initiallySucceeded)
{
    private int _successes;
    private int _failures;

    public bool Succeeded { get; private set; } = initiallySucceeded;

    public async Task RunAsync(Prober prober, V1Container container, string podNamespace, IPAddress podIp, Action flipped, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, probe.InitialDelaySeconds ?? 0)), cancellationToken);
        var period = TimeSpan.FromSeconds(Math.Max(1, probe.PeriodSeconds ?? 10));
        while (!cancellationToken.IsCancellationRequested)
        {
            var ok = await prober.ProbeAsync(probe, container, podNamespace, podIp, cancellationToken);
            (_successes, _failures) = ok ? (_successes + 1, 0) : (0, _failures + 1);
            var next = Succeeded
                ? _failures < Math.Max(1, probe.FailureThreshold ?? 3)
                : _successes >= Math.Max(1, probe.SuccessThreshold ?? 1);
            if (next != Succeeded)
            {
                Succeeded = next;
                flipped();
            }

            await Task.Delay(period, cancellationToken);
        }
    }
}

using LvsOperator.Agent.Dataplane;
using LvsOperator.Api.AgentApi;
using LvsOperator.Dataplane.Scheduling;
using LvsOperator.Dataplane.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Metrics;

/// <summary>
/// Samples every service's and real server's counters each <see cref="AgentOptions.RateInterval"/> (2 s, as IPVS's
/// estimator) and keeps the rates of the last window for /v1/services and <c>lvsctl list --rate</c>.
/// </summary>
internal sealed class RateSampler(IDataplane dataplane, IOptions<AgentOptions> options, TimeProvider timeProvider) : BackgroundService
{
    private Dictionary<RateKey, TrafficCounters> _previous = [];
    private long _previousAt;
    private Dictionary<RateKey, TrafficRates> _rates = [];

    public TrafficRates For(VirtualServiceKey service) =>
        Volatile.Read(ref _rates).GetValueOrDefault(new RateKey(service, 0, 0));

    public TrafficRates For(VirtualServiceKey service, RealServer server) =>
        Volatile.Read(ref _rates).GetValueOrDefault(new RateKey(service, server.Address, server.Port));

    /// <summary>Takes one sample; rates compare it with the previous one. Called by the timer, and by tests.</summary>
    public void Sample()
    {
        long now = timeProvider.GetTimestamp();
        var current = new Dictionary<RateKey, TrafficCounters>();
        foreach (var service in dataplane.Services.Services)
        {
            current[new RateKey(service.Key, 0, 0)] = service.Counters();
            foreach (var server in service.RealServers)
            {
                current[new RateKey(service.Key, server.Address, server.Port)] = server.Counters();
            }
        }

        var rates = new Dictionary<RateKey, TrafficRates>(current.Count);
        if (_previousAt != 0)
        {
            var elapsed = timeProvider.GetElapsedTime(_previousAt, now);
            foreach (var (key, counters) in current)
            {
                if (_previous.TryGetValue(key, out var earlier))
                {
                    rates[key] = TrafficRates.Between(earlier, counters, elapsed);
                }
            }
        }

        _previous = current;
        _previousAt = now;
        Volatile.Write(ref _rates, rates);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RateInterval, timeProvider);
        Sample();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sample();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private readonly record struct RateKey(VirtualServiceKey Service, uint Address, ushort Port);
}

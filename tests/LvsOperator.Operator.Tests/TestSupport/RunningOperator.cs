using System.Collections.Concurrent;
using LvsOperator.Kubernetes.Queues;
using LvsOperator.Operator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LvsOperator.Operator.Tests.TestSupport;

/// <summary>An operator host running in the test process, with its log, per-key reconcile counts and HTTP endpoints.</summary>
public sealed class RunningOperator(WebApplication app, CapturedLog log, ConcurrentDictionary<string, int> reconciles) : IAsyncDisposable
{
    private bool _stopped;

    public CapturedLog Log => log;

    public IReadOnlyDictionary<string, int> Reconciles => reconciles;

    public bool Leading => app.Services.GetRequiredService<Leadership>().Leading;

    public Uri BaseAddress { get; } = new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public int ReconcilesOf(string key) => reconciles.GetValueOrDefault(key);

    /// <summary>Waits until nothing is queued or being reconciled, several looks in a row.</summary>
    public async Task QuietAsync()
    {
        var queue = app.Services.GetRequiredService<WorkQueue<string>>();
        var quiet = 0;
        await Wait.UntilAsync(
            () =>
            {
                quiet = queue.Length == 0 && queue.Processing == 0 ? quiet + 1 : 0;
                return quiet >= 25;
            },
            "the operator to settle");
    }

    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StopAsync(bound.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
    }
}

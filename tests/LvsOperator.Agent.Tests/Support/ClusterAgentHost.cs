using k8s.Models;
using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Kubernetes;
using LvsOperator.Kubernetes.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Tests.Support;

/// <summary>
/// One node's agent in Kubernetes mode, in-process: the real host, cluster watch, Leases and status reports against
/// the sandbox API server with the agent's own ServiceAccount; a <see cref="FakeDataplane"/> and a
/// <see cref="FakeReturnPath"/> in place of the kernel. <see cref="CutOff"/> partitions its Lease client.
/// </summary>
internal sealed class ClusterAgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CutOffProxy<IResourceClient<V1Lease>> _leases;
    private bool _stopped;

    private ClusterAgentHost(WebApplication app, string nodeName, FakeDataplane dataplane, FakeReturnPath returnPath,
        CutOffProxy<IResourceClient<V1Lease>> leases, HttpClient http, CapturedLogs logs)
    {
        _app = app;
        NodeName = nodeName;
        Dataplane = dataplane;
        ReturnPath = returnPath;
        _leases = leases;
        Http = http;
        Logs = logs;
    }

    public string NodeName { get; }

    public FakeDataplane Dataplane { get; }

    public FakeReturnPath ReturnPath { get; }

    public HttpClient Http { get; }

    public CapturedLogs Logs { get; }

    /// <summary>Whether this node's forwarder acts for the VIP: a service of it is programmed and owned.</summary>
    public bool Holds(uint vip) => Dataplane.Services.Services.Any(s => s.Key.Vip == vip && s.IsOwned);

    public static async Task<ClusterAgentHost> StartAsync(string kubeconfig, string nodeName, string ns, params string[] extraArgs)
    {
        var logs = new CapturedLogs();
        var dataplane = new FakeDataplane();
        var returnPath = new FakeReturnPath();
        CutOffProxy<IResourceClient<V1Lease>>? leases = null;
        var app = AgentApplication.Build(
            ["--kubeconfig", kubeconfig, "--node-name", nodeName, "--namespace", ns, "--http-port", "0", .. extraArgs],
            services =>
            {
                services.AddSingleton<IDataplane>(dataplane);
                services.AddSingleton<IReturnPath>(returnPath);
                services.AddSingleton<ILoggerProvider>(logs);
                services.AddSingleton(_ =>
                {
                    var real = ClusterClients.From(ClusterConnection.Create(kubeconfig));
                    (var client, leases) = CutOffProxy<IResourceClient<V1Lease>>.Wrap(real.Leases);
                    return real with { Leases = client };
                });
            },
            _ => null);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new ClusterAgentHost(app, nodeName, dataplane, returnPath, leases!, new HttpClient { BaseAddress = new Uri(address) }, logs);
    }

    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Cuts this agent off from its Leases (a partition, or a process about to die without releasing them).</summary>
    public void CutOff() => _leases.Cut = true;

    public void Reconnect() => _leases.Cut = false;

    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await _app.StopAsync();
        }

        Http.Dispose();
        await _app.DisposeAsync();
        await Dataplane.DisposeAsync();
    }
}

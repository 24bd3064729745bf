using LvsOperator.Agent.Dataplane;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Tests.Support;

/// <summary>The real agent host (options, reload loop, endpoints on an ephemeral loopback port) over a <see cref="FakeDataplane"/>.</summary>
internal sealed class AgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private AgentHost(WebApplication app, FakeDataplane dataplane, HttpClient http, CapturedLogs logs)
    {
        _app = app;
        Dataplane = dataplane;
        Http = http;
        Logs = logs;
    }

    public FakeDataplane Dataplane { get; }

    public HttpClient Http { get; }

    /// <summary>Everything the agent logged, for tests that check what an operator would read.</summary>
    public CapturedLogs Logs { get; }

    /// <summary>True once the host began to shut down, which nothing in a test asks for but a failed hosted service does.</summary>
    public bool IsStopping => _app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;

    public static Task<AgentHost> StartAsync(string configPath, params string[] extraArgs) => StartAsync(configPath, new FakeDataplane(), extraArgs);

    public static async Task<AgentHost> StartAsync(string configPath, FakeDataplane dataplane, params string[] extraArgs)
    {
        var logs = new CapturedLogs();
        var app = AgentApplication.Build(["--config", configPath, "--http-port", "0", .. extraArgs], services =>
        {
            services.AddSingleton<IDataplane>(dataplane);
            services.AddSingleton<ILoggerProvider>(logs);
            services.PostConfigure<AgentOptions>(o =>
            {
                o.ReloadDebounce = TimeSpan.FromMilliseconds(50);
                o.ReloadPollInterval = TimeSpan.FromMilliseconds(250);
            });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new AgentHost(app, dataplane, new HttpClient { BaseAddress = new Uri(address) }, logs);
    }

    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

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

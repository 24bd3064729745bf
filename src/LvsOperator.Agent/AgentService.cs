using LvsOperator.Agent.Config;
using LvsOperator.Agent.Dataplane;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent;

/// <summary>
/// The agent's lifetime: start the data plane, then apply the config file and every later version of it; on
/// shutdown (SIGTERM, Ctrl-C) stop forwarding and remove the guard table before the process exits.
/// </summary>
internal sealed partial class AgentService(
    IDataplane dataplane,
    ConfigApplier applier,
    IOptions<AgentOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<AgentService>();
    private readonly SemaphoreSlim _applying = new(1, 1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.ConfigPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException("no configuration file: run with --config FILE (a YAML stream of VirtualService documents)");
        }

        await dataplane.StartAsync(cancellationToken);
        LogStarted(_logger, Path.GetFullPath(path));
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        LogStopping(_logger);
        await dataplane.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _applying.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var source = new ConfigFileSource(settings.ConfigPath, settings.ReloadDebounce, settings.ReloadPollInterval, timeProvider,
            loggerFactory.CreateLogger<ConfigFileSource>());
        var retries = RetryGuardAsync(settings.ReloadPollInterval, stoppingToken);
        try
        {
            await foreach (var yaml in source.WatchAsync(stoppingToken))
            {
                await _applying.WaitAsync(stoppingToken);
                try
                {
                    await applier.ApplyAsync(yaml, stoppingToken);
                }
                finally
                {
                    _applying.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await retries.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RetryGuardAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await _applying.WaitAsync(stoppingToken);
            try
            {
                await applier.RetryGuardAsync(stoppingToken);
            }
            finally
            {
                _applying.Release();
            }
        }
    }
}

using LvsOperator.Agent.Config;
using LvsOperator.Agent.Dataplane;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent;

/// <summary>
/// The standalone agent's lifetime: start the data plane, then apply the config file and every later version of it; on
/// shutdown (SIGTERM, Ctrl-C) stop forwarding and remove the guard table before the process exits. Nothing a config
/// file holds may end this service (a failed BackgroundService stops the host, and with it all traffic): bad versions
/// are rejected and reported, and an exception that escapes a reload anyway is reported the same way.
/// </summary>
internal sealed partial class AgentService(
    IDataplane dataplane,
    ConfigApplier applier,
    IOptions<AgentOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<AgentService>();

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var path = settings.ConfigPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException("no configuration file: run with --config FILE (a YAML stream of VirtualService documents)");
        }

        if (settings.ConfigSizeLimit is < 1 or > AgentOptions.MaxConfigSizeLimit)
        {
            throw new InvalidOperationException($"--config-size-limit must be between 1 and {AgentOptions.MaxConfigSizeLimit} bytes");
        }

        if (settings.ConnectionListStep is < 1 or > AgentOptions.MaxConnectionListStep)
        {
            throw new InvalidOperationException($"--connection-list-step must be between 1 and {AgentOptions.MaxConnectionListStep} slots");
        }

        await dataplane.StartAsync(cancellationToken);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var fullPath = Path.GetFullPath(path);
            LogStarted(_logger, fullPath);
        }
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        LogStopping(_logger);
        await dataplane.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var retries = RetryGuardAsync(settings.ReloadPollInterval, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var source = new ConfigFileSource(settings.ConfigPath, settings.ConfigSizeLimit, settings.ReloadDebounce, settings.ReloadPollInterval,
                timeProvider, loggerFactory.CreateLogger<ConfigFileSource>());
            try
            {
                await foreach (var version in source.WatchAsync(stoppingToken))
                {
                    await ApplyAsync(version, stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The watch itself failed: report it, wait a poll interval, and watch afresh (which reads the file again).
                applier.Failed(e);
                await Task.Delay(settings.ReloadPollInterval, timeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await retries.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ApplyAsync(ConfigFileRead version, CancellationToken stoppingToken)
    {
        try
        {
            if (!version.IsUsable)
            {
                applier.Reject([version.Problem]);
            }
            else
            {
                await ConfigFileLoader.ApplyAsync(applier, version.Yaml, stoppingToken);
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            applier.Failed(e);
        }
    }

    private async Task RetryGuardAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await applier.RetryGuardAsync(stoppingToken);
        }
    }
}

using System.Net;
using LvsOperator.Agent.Config;
using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Http;
using LvsOperator.Agent.Metrics;
using LvsOperator.Agent.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent;

/// <summary>
/// Composes the standalone agent: options, the data plane, the config reload loop, the rate sampler and the local
/// HTTP endpoints. Tests pass <c>configureServices</c> to replace <see cref="IDataplane"/> with a fake.
/// </summary>
internal static class AgentApplication
{
    /// <summary>Command-line switches, each bound to an <see cref="AgentOptions"/> property.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>
    {
        ["--config"] = $"{AgentOptions.Section}:{nameof(AgentOptions.ConfigPath)}",
        ["--config-size-limit"] = $"{AgentOptions.Section}:{nameof(AgentOptions.ConfigSizeLimit)}",
        ["--http-port"] = $"{AgentOptions.Section}:{nameof(AgentOptions.HttpPort)}",
        ["--http-address"] = $"{AgentOptions.Section}:{nameof(AgentOptions.HttpAddress)}",
        ["--interfaces"] = $"{AgentOptions.Section}:{nameof(AgentOptions.Interfaces)}",
        ["--connection-capacity"] = $"{AgentOptions.Section}:{nameof(AgentOptions.ConnectionCapacity)}",
        ["--connection-list-step"] = $"{AgentOptions.Section}:{nameof(AgentOptions.ConnectionListStep)}",
        ["--rx-mode"] = $"{AgentOptions.Section}:{nameof(AgentOptions.ReceiveMode)}",
        ["--tcp-timeout"] = $"{AgentOptions.Section}:{nameof(AgentOptions.TcpTimeoutSeconds)}",
        ["--tcp-fin-timeout"] = $"{AgentOptions.Section}:{nameof(AgentOptions.TcpFinTimeoutSeconds)}",
        ["--udp-timeout"] = $"{AgentOptions.Section}:{nameof(AgentOptions.UdpTimeoutSeconds)}",
    };

    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddEnvironmentVariables("LVS_");
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>(SwitchMappings));

        var settings = new AgentOptions();
        builder.Configuration.GetSection(AgentOptions.Section).Bind(settings);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(settings.HttpAddress), settings.HttpPort));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        var services = builder.Services;
        services.AddOptions<AgentOptions>().Bind(builder.Configuration.GetSection(AgentOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AgentState>();
        services.AddSingleton<IDataplane, RawSocketDataplane>();
        services.AddSingleton<ConfigApplier>();
        services.AddSingleton<RateSampler>();
        services.AddSingleton<AgentMetrics>();
        services.AddSingleton<ServiceListBuilder>();
        services.AddSingleton<ConnectionListWriter>();
        services.AddHostedService<AgentService>();
        services.AddHostedService(sp => sp.GetRequiredService<RateSampler>());
        configureServices?.Invoke(services);

        var app = builder.Build();
        AgentEndpoints.Map(app);
        return app;
    }
}

using System.Net;
using LvsOperator.Agent.Config;
using LvsOperator.Agent.Dataplane;
using LvsOperator.Agent.Http;
using LvsOperator.Agent.Kubernetes;
using LvsOperator.Agent.Metrics;
using LvsOperator.Agent.Status;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent;

/// <summary>
/// Composes the agent: options, the data plane, the rate sampler, the local HTTP endpoints and, by mode
/// (<see cref="AgentModeSelection"/>), the config file's reload loop or the cluster's watch, VIP Leases, heartbeat,
/// return path and status reports. Tests pass <c>configureServices</c> to replace <see cref="IDataplane"/> (and in
/// Kubernetes mode <see cref="IReturnPath"/> and <see cref="ClusterClients"/>) with fakes.
/// </summary>
internal static class AgentApplication
{
    /// <summary>Command-line switches, each bound to an <see cref="AgentOptions"/> property.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>
    {
        ["--config"] = $"{AgentOptions.Section}:{nameof(AgentOptions.ConfigPath)}",
        ["--kubeconfig"] = $"{AgentOptions.Section}:{nameof(AgentOptions.Kubeconfig)}",
        ["--node-name"] = $"{AgentOptions.Section}:{nameof(AgentOptions.NodeName)}",
        ["--namespace"] = $"{AgentOptions.Section}:{nameof(AgentOptions.Namespace)}",
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

    /// <exception cref="InvalidOperationException">Neither or both modes asked for, or no node name in Kubernetes mode.</exception>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null) =>
        Build(args, configureServices, Environment.GetEnvironmentVariable);

    internal static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices, Func<string, string?> environment)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddEnvironmentVariables("LVS_");
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>(SwitchMappings));

        var settings = new AgentOptions();
        builder.Configuration.GetSection(AgentOptions.Section).Bind(settings);
        var (mode, cluster) = AgentModeSelection.Resolve(settings.ConfigPath, settings.Kubeconfig, settings.NodeName, settings.Namespace, environment);
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
        if (mode == AgentMode.Standalone)
        {
            services.AddSingleton(new ConfigSource(Path.GetFullPath(settings.ConfigPath), NodeName: null));
            services.AddSingleton<IVipOwnership, EveryVipOwned>();
            services.AddHostedService<AgentService>();
        }
        else
        {
            settings.ValidateKubernetesMode();
            AddKubernetesMode(services, cluster!);
        }

        services.AddHostedService(sp => sp.GetRequiredService<RateSampler>());
        configureServices?.Invoke(services);

        var app = builder.Build();
        AgentEndpoints.Map(app);
        return app;
    }

    private static void AddKubernetesMode(IServiceCollection services, ClusterIdentity cluster)
    {
        services.AddSingleton(cluster);
        services.AddSingleton(new ConfigSource(cluster.Kubeconfig is { } path ? Path.GetFullPath(path) : ConfigSource.InCluster, cluster.NodeName));
        services.AddSingleton(_ => ClusterClients.From(ClusterConnection.Create(cluster.Kubeconfig)));
        services.AddSingleton<VipElections>();
        services.AddSingleton<IVipOwnership>(sp => sp.GetRequiredService<VipElections>());
        services.AddSingleton<IReturnPath, KernelReturnPath>();
        services.AddSingleton<AgentHeartbeat>();
        services.AddSingleton<DirectorReporter>();
        services.AddSingleton(sp => new EventRecorder(
            sp.GetRequiredService<ClusterClients>().Api,
            new EventRecorderOptions { ReportingController = "lvs-agent", ReportingInstance = cluster.NodeName },
            sp.GetRequiredService<ILogger<EventRecorder>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ClusterReconciler>();
        services.AddHostedService<KubernetesAgentService>();
    }
}

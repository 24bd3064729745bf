using System.Globalization;
using System.Net;
using k8s;
using LvsOperator.Api;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Controllers;
using LvsOperator.Kubernetes.Events;
using LvsOperator.Kubernetes.Finalizers;
using LvsOperator.Kubernetes.Queues;
using LvsOperator.Kubernetes.RateLimiting;
using LvsOperator.Kubernetes.Status;
using LvsOperator.Operator.Controller;
using LvsOperator.Operator.Hosting;
using LvsOperator.Operator.Http;
using LvsOperator.Operator.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Operator;

/// <summary>
/// Composes the operator: options, the Kubernetes client, informers and indexes, the work queue and controller
/// runner, leader election, /healthz /readyz /metrics. <c>dotnet LvsOperator.Operator.dll [options]</c> runs it as a
/// process; tests and the sandbox may run it in-process: <c>await using var app = OperatorApplication.Build(args);
/// await app.StartAsync(); … await app.StopAsync();</c> (<c>configureServices</c> replaces services, e.g. adds a logger
/// provider or wraps <c>IReconciler&lt;string&gt;</c>).
/// </summary>
public static class OperatorApplication
{
    public const string NamespaceVariable = "POD_NAMESPACE";
    public const string PodNameVariable = "POD_NAME";

    /// <summary>Command-line switches, each bound to an <see cref="OperatorOptions"/> property.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>
    {
        ["--kubeconfig"] = Key(nameof(OperatorOptions.Kubeconfig)),
        ["--namespace"] = Key(nameof(OperatorOptions.Namespace)),
        ["--http-port"] = Key(nameof(OperatorOptions.HttpPort)),
        ["--http-address"] = Key(nameof(OperatorOptions.HttpAddress)),
        ["--leader-elect"] = Key(nameof(OperatorOptions.LeaderElect)),
        ["--leader-elect-id"] = Key(nameof(OperatorOptions.Identity)),
        ["--leader-elect-lease-duration"] = Key(nameof(OperatorOptions.LeaseDuration)),
        ["--leader-elect-renew-deadline"] = Key(nameof(OperatorOptions.RenewDeadline)),
        ["--leader-elect-retry-period"] = Key(nameof(OperatorOptions.RetryPeriod)),
        ["--workers"] = Key(nameof(OperatorOptions.Workers)),
        ["--resync-period"] = Key(nameof(OperatorOptions.ResyncPeriod)),
        ["--agent-gone-after"] = Key(nameof(OperatorOptions.AgentGoneAfter)),
    };

    public const string Usage = """
        Usage: LvsOperator.Operator [options]     (durations as hh:mm:ss, e.g. 00:00:15)
          --kubeconfig FILE                  else KUBECONFIG, in-cluster config, ~/.kube/config
          --namespace NS                     the leader Lease and agents' heartbeats (default $POD_NAMESPACE, else lvs-system)
          --http-port 9407                   /healthz /readyz /metrics
          --http-address 127.0.0.1
          --leader-elect true                false: reconcile without election (one replica only)
          --leader-elect-id ID               default $POD_NAME, else host name + random suffix
          --leader-elect-lease-duration 00:00:15
          --leader-elect-renew-deadline 00:00:10
          --leader-elect-retry-period 00:00:02
          --workers 2                        concurrent reconciles
          --resync-period 00:10:00           reconcile everything this often (00:00:00: off)
          --agent-gone-after 00:00:30        remove director entries of agents not live this long
        Environment: LVS_Operator__<Option>=value (e.g. LVS_Operator__Workers=4).
        """;

    /// <exception cref="InvalidOperationException">Bad options or no usable kubeconfig: the message says which.</exception>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        CommandLineCheck.ThrowOnUnknown(args, SwitchMappings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddInMemoryCollection(Defaults());
        builder.Configuration.AddEnvironmentVariables("LVS_");
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>(SwitchMappings));

        var settings = new OperatorOptions();
        try
        {
            builder.Configuration.GetSection(OperatorOptions.Section).Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"bad option: {e.InnerException?.Message ?? e.Message}", e);
        }

        if (settings.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join("; ", problems));
        }

        var client = new k8s.Kubernetes(ClusterConfig.Resolve(settings.Kubeconfig));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(settings.HttpAddress), settings.HttpPort));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        AddServices(builder.Services, builder.Configuration, client, settings);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        OperatorEndpoints.Map(app);
        return app;
    }

    private static void AddServices(IServiceCollection services, ConfigurationManager configuration, IKubernetes client, OperatorOptions settings)
    {
        services.AddOptions<OperatorOptions>().Bind(configuration.GetSection(OperatorOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IKubernetes>(_ => client); // from a factory, so the container disposes it (and its open watches) on stop
        services.AddSingleton<ClusterState>();
        services.AddSingleton(sp => new AgentHeartbeats(settings.AgentGoneAfter, sp.GetRequiredService<ILogger<AgentHeartbeats>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new WorkQueue<string>(RateLimiters.DefaultController<string>(sp.GetRequiredService<TimeProvider>()), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RequeueRouter>();
        services.AddSingleton(sp => new StatusWriter<VirtualService>(ResourceClients.VirtualServices(client), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new FinalizerWriter<VirtualService>(ResourceClients.VirtualServices(client), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new EventRecorder(
            client,
            new EventRecorderOptions { ReportingController = OperatorOptions.Component, ReportingInstance = settings.Identity },
            sp.GetRequiredService<ILogger<EventRecorder>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<VirtualServiceReconciler>();
        services.AddSingleton<Leadership>();
        services.AddSingleton<ReconcileWatch>();
        services.AddSingleton<OperatorHealth>();
        services.AddSingleton<OperatorMetrics>();
        services.AddSingleton(sp => new InstrumentedReconciler(
            sp.GetRequiredService<VirtualServiceReconciler>(), sp.GetRequiredService<OperatorMetrics>(), sp.GetRequiredService<ReconcileWatch>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IReconciler<string>>(sp => sp.GetRequiredService<InstrumentedReconciler>());
        services.AddSingleton(sp => new ControllerRunner<string>(
            sp.GetRequiredService<WorkQueue<string>>(),
            sp.GetRequiredService<IReconciler<string>>(),
            new ControllerOptions { Name = "virtualservice", Workers = settings.Workers },
            sp.GetRequiredService<ILogger<ControllerRunner<string>>>(),
            metrics: null,
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<OperatorService>();
    }

    private static Dictionary<string, string?> Defaults() => new()
    {
        [Key(nameof(OperatorOptions.Namespace))] = Environment.GetEnvironmentVariable(NamespaceVariable) is { Length: > 0 } ns ? ns : OperatorOptions.DefaultNamespace,
        [Key(nameof(OperatorOptions.Identity))] = Environment.GetEnvironmentVariable(PodNameVariable) is { Length: > 0 } pod
            ? pod
            : $"{Environment.MachineName}_{Random.Shared.Next():x8}".ToLower(CultureInfo.InvariantCulture),
    };

    private static string Key(string property) => $"{OperatorOptions.Section}:{property}";
}

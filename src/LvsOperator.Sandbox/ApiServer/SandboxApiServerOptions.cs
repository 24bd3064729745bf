namespace LvsOperator.Sandbox.ApiServer;

/// <summary>Settings of the sandbox API server.</summary>
public sealed class SandboxApiServerOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one (read it back from <see cref="SandboxApiServer.Port"/>).</summary>
    public int Port { get; set; }

    /// <summary>
    /// More listeners, each on a socket created inside its network namespace (a socket stays in the namespace it was
    /// created in, whichever thread serves it); their addresses join the serving certificate's IP SANs.
    /// </summary>
    public IReadOnlyList<NamespacedEndpoint> NamespacedEndpoints { get; set; } = [];

    /// <summary>The cluster-admin bearer token written into kubeconfigs; random when null.</summary>
    public string? AdminToken { get; set; }

    /// <summary>When true, requests are authorized by RBAC over the stored Roles and bindings (admin token always allowed).</summary>
    public bool Rbac { get; set; }

    /// <summary>How many change events are kept for watch resumption; older resourceVersions get 410 Expired.</summary>
    public int WatchHistoryLimit { get; set; } = 4096;

    /// <summary>How often a watch with allowWatchBookmarks=true receives a BOOKMARK.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// No controllers run here, so Deployments and DaemonSets are given a fully rolled-out status on every
    /// spec write; turn off to drive status by hand.
    /// </summary>
    public bool SimulateWorkloadStatus { get; set; } = true;

    /// <summary>Server version reported by /version.</summary>
    public string KubernetesVersion { get; set; } = "v1.32.0";

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where request logs go (requests and rejections at Debug, server errors at Error); silent by default.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
}

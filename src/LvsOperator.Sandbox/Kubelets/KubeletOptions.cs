namespace LvsOperator.Sandbox.Kubelets;

/// <summary>How the sandbox's kubelets run pods: restart back-off, probe defaults, where logs and credentials go.</summary>
public sealed record KubeletOptions
{
    /// <summary>The first restart of a container that exited waits this long; each further one twice as long, up to <see cref="MaxRestartBackoff"/>.</summary>
    public TimeSpan InitialRestartBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The kubelet's cap is five minutes; the sandbox's is short so a crashed agent comes back within seconds.</summary>
    public TimeSpan MaxRestartBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A container that ran this long before exiting restarts with the initial back-off again.</summary>
    public TimeSpan BackoffResetAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-container log files, NAMESPACE_POD_CONTAINER.log (kept after teardown, for post-mortems).</summary>
    public required string LogDirectory { get; init; }

    /// <summary>Per-pod ServiceAccount credentials (token, ca.crt, namespace, kubeconfig); removed with the pod.</summary>
    public required string CredentialsDirectory { get; init; }

    /// <summary>Also receives every container output line, prefixed with [namespace/pod/container] (lvsctl sandbox up --verbose).</summary>
    public Action<string>? Console { get; init; }
}

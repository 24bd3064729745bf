namespace LvsOperator.Agent.Status;

/// <summary>
/// /readyz: ready once a configuration is applied, the guard is installed and the forwarder runs. A later invalid
/// file does not make the agent unready (the last good configuration is still forwarding); the body says so. In
/// Kubernetes mode the informers must have synced and the last apply must have succeeded (the cluster, unlike a
/// file, is expected to converge by itself, so a failure there is a state to wait out, not an old edit).
/// </summary>
internal static class Readiness
{
    public static (bool Ready, string Reason) Evaluate(ConfigStatus status, bool forwarderRunning)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!forwarderRunning)
        {
            return (false, "forwarder is not running");
        }

        if (status.ClusterSynced == false)
        {
            return (false, "waiting for the cluster's VirtualServices, Nodes and Leases to sync");
        }

        if (status.Applied is null)
        {
            return (false, status.LastError is { } error
                ? "no configuration applied; the config file was rejected:\n" + string.Join('\n', error.Problems)
                : "no configuration applied yet");
        }

        if (!status.GuardInstalled)
        {
            return (false, $"nftables guard not installed: {status.GuardError ?? "pending"}");
        }

        if (status.ClusterSynced == true && status.LastError is { } failed)
        {
            return (false, $"the last apply failed (generation {status.Generation}):\n{string.Join('\n', failed.Problems)}");
        }

        return status.LastError is { } last
            ? (true, $"ok (generation {status.Generation}); the last config reload was rejected, the previous configuration stays in force:\n{string.Join('\n', last.Problems)}")
            : (true, $"ok (generation {status.Generation})");
    }
}

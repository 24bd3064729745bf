namespace LvsOperator.Agent.Status;

/// <summary>
/// /readyz: ready once a configuration is applied, the guard is installed and the forwarder runs. A later invalid
/// file does not make the agent unready (the last good configuration is still forwarding); the body says so.
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

        return status.LastError is { } last
            ? (true, $"ok (generation {status.Generation}); the last config reload was rejected, the previous configuration stays in force:\n{string.Join('\n', last.Problems)}")
            : (true, $"ok (generation {status.Generation})");
    }
}

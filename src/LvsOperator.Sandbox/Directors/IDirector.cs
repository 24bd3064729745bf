
using LvsOperator.Api;

namespace LvsOperator.Sandbox.Directors;

/// <summary>Something in the director namespace that makes the VIP forward to real servers: VirtualServices with static backends.</summary>
public interface IDirector : IAsyncDisposable
{
    DirectorKind Kind { get; }

    /// <summary>The nftables table this director installs, as "family name" (what `nft list table` takes).</summary>
    string GuardTable { get; }

    /// <summary>Starts and returns once the services are programmed.</summary>
    Task StartAsync(IReadOnlyList<VirtualService> services, CancellationToken cancellationToken = default);

    /// <summary>Replaces the configuration while running; returns once the new one is programmed.</summary>
    Task ApplyAsync(IReadOnlyList<VirtualService> services, CancellationToken cancellationToken = default);

    /// <summary>Stops gracefully (SIGTERM for the agent) and returns the exit code.</summary>
    Task<int> StopAsync(CancellationToken cancellationToken = default);

    /// <summary>What the director said (agent log tail), for failure messages.</summary>
    string Diagnostics();
}

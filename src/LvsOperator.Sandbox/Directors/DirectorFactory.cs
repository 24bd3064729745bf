using LvsOperator.Sandbox.Network;

namespace LvsOperator.Sandbox.Directors;

public static class DirectorFactory
{
    /// <summary>Environment variable that switches the end-to-end tests to the kernel stand-in ("kernel") for harness validation.</summary>
    public const string EnvironmentVariable = "LVS_E2E_DIRECTOR";

    public static DirectorKind FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim().ToUpperInvariant() switch
        {
            "KERNEL" or "KERNELNFTABLES" or "NFTABLES" => DirectorKind.KernelNftables,
            _ => DirectorKind.Agent,
        };

    public static IDirector Create(DirectorKind kind, NetnsTopology topology) => kind switch
    {
        DirectorKind.Agent => new AgentDirector(topology, InstalledAgent.Locate()),
        DirectorKind.KernelNftables => new KernelNftablesDirector(topology),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

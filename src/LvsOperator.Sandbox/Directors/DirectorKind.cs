namespace LvsOperator.Sandbox.Directors;

public enum DirectorKind
{
    /// <summary>The product: LvsOperator.Agent started with --config FILE inside the director namespace.</summary>
    Agent,

    /// <summary>A stand-in made of kernel nftables DNAT: proves the harness on real packets and is the benchmark's peer.</summary>
    KernelNftables,
}

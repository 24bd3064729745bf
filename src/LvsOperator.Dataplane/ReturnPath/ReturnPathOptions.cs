namespace LvsOperator.Dataplane.ReturnPath;

/// <summary>
/// The kernel state the return path owns: one nftables table, and per owner node one fwmark, one <c>ip rule</c> and
/// one routing table. Defaults chosen to stay clear of what CNIs and kube-proxy use: kube-proxy marks 0x4000/0x8000,
/// Cilium 0x0F00 and 0xF000 bits, Istio 0x539; Cilium's rules sit at priorities 9–100 and tables 2004/2005, the AWS VPC
/// CNI's at 512–1536 with small table numbers. Calico's default mark mask (0xffff0000) does overlap <see cref="MarkMask"/>:
/// on a Calico node, give either one another mask.
/// </summary>
public sealed class ReturnPathOptions
{
    /// <summary>The agent's table in the inet family; nothing else in the ruleset is touched.</summary>
    public string TableName { get; set; } = "lvs_return";

    /// <summary>The priority of every rule the return path adds: after <c>local</c> (0), before <c>main</c> (32766).</summary>
    public int RulePriority { get; set; } = 19540;

    /// <summary>Owner k (1, 2, …) routes through table <c>TableBase + k</c>.</summary>
    public int TableBase { get; set; } = 19540;

    /// <summary>
    /// The fwmark bits the return path sets (contiguous); owner k is k in them. Other bits of a packet's mark are kept.
    /// 0x00ff0000 allows 255 owner nodes at once.
    /// </summary>
    public uint MarkMask { get; set; } = 0x00ff0000;

    public string NftPath { get; set; } = "nft";

    public string IpPath { get; set; } = "ip";

    /// <summary>Program another network namespace (tests): <c>ip -n NS</c>, <c>ip netns exec NS nft</c>. Empty: this one.</summary>
    public string NetworkNamespace { get; set; } = "";

    /// <summary>The owner nodes <see cref="MarkMask"/> has room for.</summary>
    public int MaxOwners => MarkMask == 0 ? 0 : (int)Math.Min(int.MaxValue, MarkMask >> Shift);

    internal int Shift => System.Numerics.BitOperations.TrailingZeroCount(MarkMask);

    internal uint Mark(int slot) => (uint)slot << Shift;

    internal int Table(int slot) => TableBase + slot;

    /// <exception cref="ArgumentException">The mask is empty or not contiguous, or a number is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(TableName);
        var bits = MarkMask >> Shift;
        if (MarkMask == 0 || (bits & (bits + 1)) != 0)
        {
            throw new ArgumentException($"the return path's mark mask 0x{MarkMask:x8} must be one run of set bits");
        }

        if (RulePriority is < 1 or >= 32766)
        {
            throw new ArgumentException($"the return path's rule priority {RulePriority} must be between 1 and 32765 (after local, before main)");
        }

        if (TableBase < 256 || (long)TableBase + MaxOwners > int.MaxValue)
        {
            throw new ArgumentException($"the return path's table base {TableBase} must be at least 256 (0-255 are the kernel's and the distributions')");
        }
    }
}

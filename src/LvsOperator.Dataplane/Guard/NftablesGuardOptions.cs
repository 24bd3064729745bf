namespace LvsOperator.Dataplane.Guard;

public sealed class NftablesGuardOptions
{
    /// <summary>The agent's own table in the inet family; nothing else in the ruleset is touched.</summary>
    public string TableName { get; set; } = "lvs_operator";

    /// <summary>The program that reads the ruleset on stdin (<c>nft -f -</c>).</summary>
    public string NftPath { get; set; } = "nft";

    /// <summary>Arguments put before <c>-f -</c>; with <see cref="NftPath"/> <c>ip</c> and <c>netns exec NS nft</c> this targets another namespace.</summary>
    public string NftArgumentsPrefix { get; set; } = string.Empty;
}

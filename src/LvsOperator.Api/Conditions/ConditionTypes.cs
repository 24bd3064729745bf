namespace LvsOperator.Api.Conditions;

public static class ConditionTypes
{
    /// <summary>Resolved and programmed on every selected director at the current generation; what <c>kubectl wait</c> reads.</summary>
    public const string Ready = "Ready";

    /// <summary>The spec is valid and its real servers were found.</summary>
    public const string Resolved = "Resolved";

    /// <summary>An agent programmed the current generation into its data plane.</summary>
    public const string Programmed = "Programmed";

    /// <summary>Serving, but with fewer real servers or directors than asked for.</summary>
    public const string Degraded = "Degraded";
}

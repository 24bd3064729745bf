namespace LvsOperator.Api;

public static class BackendStates
{
    public const string Active = "Active";

    /// <summary>Keeps its existing connections, receives no new ones (programmed as weight 0).</summary>
    public const string Draining = "Draining";
}

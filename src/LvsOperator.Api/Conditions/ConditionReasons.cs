namespace LvsOperator.Api.Conditions;

/// <summary>CamelCase reasons carried by conditions and events.</summary>
public static class ConditionReasons
{
    public const string Resolved = "Resolved";
    public const string InvalidSpec = "InvalidSpec";
    public const string ServiceNotFound = "ServiceNotFound";
    public const string NoEndpoints = "NoEndpoints";
    public const string VipConflict = "VipConflict";
    public const string VipNotHeld = "VipNotHeld";
    public const string DirectorsMissing = "DirectorsMissing";
    public const string Withdrawn = "Withdrawn";
    public const string PortNotFound = "PortNotFound";
    public const string Programmed = "Programmed";
    public const string ProgrammingFailed = "ProgrammingFailed";
    public const string Pending = "Pending";
    public const string NoDirectors = "NoDirectors";
    public const string Ready = "Ready";
    public const string NotReady = "NotReady";
    public const string AllBackendsHealthy = "AllBackendsHealthy";
    public const string BackendsDraining = "BackendsDraining";
}

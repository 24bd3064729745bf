namespace LvsOperator.Agent.Http;

/// <summary>The config file: whether one is in force, since when, and the last reload's problems if it was rejected.</summary>
internal sealed record ConfigDocument(
    string Path,
    long Generation,
    bool Applied,
    DateTimeOffset? AppliedAt,
    bool GuardInstalled,
    string? GuardError,
    ConfigErrorDocument? LastError);

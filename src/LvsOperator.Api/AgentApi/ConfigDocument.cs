namespace LvsOperator.Api.AgentApi;

/// <summary>The config file: whether one is in force, since when, and the last reload's problems if it was rejected.</summary>
public sealed record ConfigDocument(
    string Path,
    long Generation,
    bool Applied,
    DateTimeOffset? AppliedAt,
    bool GuardInstalled,
    string? GuardError,
    ConfigErrorDocument? LastError);

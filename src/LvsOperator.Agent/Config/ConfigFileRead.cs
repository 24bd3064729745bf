using System.Diagnostics.CodeAnalysis;

namespace LvsOperator.Agent.Config;

/// <summary>One version of the config file: its text, or why it cannot be used (missing, not a regular file, over the size limit, not UTF-8).</summary>
internal sealed record ConfigFileRead(string? Yaml, string? Problem)
{
    [MemberNotNullWhen(true, nameof(Yaml))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsUsable => Yaml is not null;

    public static ConfigFileRead Text(string yaml) => new(yaml, null);

    public static ConfigFileRead Unusable(string problem) => new(null, problem);
}

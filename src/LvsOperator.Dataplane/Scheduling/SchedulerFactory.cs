using System.Diagnostics.CodeAnalysis;

namespace LvsOperator.Dataplane.Scheduling;

/// <summary>Creates a scheduler from its ipvsadm name (control path). Empty means the default, maglev; "mh" is ipvs's alias.</summary>
public static class SchedulerFactory
{
    public const string Default = "maglev";

    public static IReadOnlyList<string> Names { get; } = ["maglev", "rr", "wrr", "lc", "wlc", "sh"];

    public static IScheduler Create(string name) =>
        TryCreate(name, out var scheduler, out var error) ? scheduler : throw new ArgumentException(error, nameof(name));

    public static bool TryCreate(string? name, [NotNullWhen(true)] out IScheduler? scheduler, [NotNullWhen(false)] out string? error)
    {
        scheduler = CanonicalName(name) switch
        {
            "maglev" => new Maglev(),
            "rr" => new RoundRobin(),
            "wrr" => new WeightedRoundRobin(),
            "lc" => new LeastConnection(),
            "wlc" => new WeightedLeastConnection(),
            "sh" => new SourceHash(),
            _ => null,
        };

        error = scheduler is null ? UnknownMessage(name) : null;
        return scheduler is not null;
    }

    /// <summary>The name a scheduler created from <paramref name="name"/> reports, or null if there is none (no allocation).</summary>
    public static string? CanonicalName(string? name)
    {
        var trimmed = (name ?? string.Empty).Trim();
        if (trimmed.Length == 0 || trimmed.Equals("mh", StringComparison.OrdinalIgnoreCase))
        {
            return Default;
        }

        foreach (var known in Names)
        {
            if (trimmed.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return null;
    }

    public static string UnknownMessage(string? name) =>
        $"Unknown scheduler '{name}'; expected one of: {string.Join(", ", Names)}.";
}

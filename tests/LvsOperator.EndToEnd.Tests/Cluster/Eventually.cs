using System.Diagnostics;

namespace LvsOperator.EndToEnd.Tests.Cluster;

/// <summary>Bounded polling: every wait in the cluster tests has a limit and says what it waited for when it runs out.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls until <paramref name="condition"/> holds; returns how long that took, or throws naming what never happened.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, Func<Task<string>> describe, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"not within {limit.TotalSeconds:F0} s: {await describe()}");
            }

            await Task.Delay(interval ?? Interval);
        }

        return clock.Elapsed;
    }

    public static Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what) =>
        UntilAsync(condition, limit, () => Task.FromResult(what));
}

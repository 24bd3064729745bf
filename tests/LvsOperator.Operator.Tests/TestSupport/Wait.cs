using System.Text.Json;

namespace LvsOperator.Operator.Tests.TestSupport;

/// <summary>Polls until something holds, within a bound; never asserts on how long it took.</summary>
public static class Wait
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    /// <summary>Reads until <paramref name="done"/> accepts the value and returns it; on timeout the message shows the last value read.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> read, Func<T, bool> done, string what, TimeSpan? bound = null)
        where T : class
    {
        using var limit = new CancellationTokenSource(bound ?? Bound);
        T? last = null;
        while (true)
        {
            last = await read();
            if (last is not null && done(last))
            {
                return last;
            }

            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"gave up waiting for {what}; last seen:\n{JsonSerializer.Serialize(last)}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? bound = null)
    {
        using var limit = new CancellationTokenSource(bound ?? Bound);
        while (!condition())
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"gave up waiting for {what}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }
}

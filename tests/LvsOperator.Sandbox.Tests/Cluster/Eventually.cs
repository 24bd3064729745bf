namespace LvsOperator.Sandbox.Tests.Cluster;

/// <summary>Polls a condition until it holds or a bound passes; the bound is generous and never part of what is asserted.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    public static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? limit = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {(limit ?? DefaultLimit).TotalSeconds:0} s waiting for {what}");
            }

            await Task.Delay(100);
        }
    }

    public static Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null) =>
        WaitAsync<object>(async () => await condition() ? new object() : null, what, limit);
}

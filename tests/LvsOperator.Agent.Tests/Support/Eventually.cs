namespace LvsOperator.Agent.Tests.Support;

/// <summary>Waits for something asynchronous (a file watcher, a hosted service) with a bound, so a broken agent fails the test instead of hanging it.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        T last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting for {what}; last seen: {last}");
            }

            await Task.Delay(20);
            last = await probe();
        }

        return last;
    }
}

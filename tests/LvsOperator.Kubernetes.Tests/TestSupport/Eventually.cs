namespace LvsOperator.Kubernetes.Tests.TestSupport;

/// <summary>Waits for a condition with a bound, polling; never asserts on how long something took.</summary>
public static class Eventually
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static async Task WaitAsync(Func<bool> condition, string what, TimeSpan? bound = null)
    {
        using var cts = new CancellationTokenSource(bound ?? Bound);
        while (!condition())
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"gave up waiting for: {what}");
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }

    public static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? bound = null)
    {
        using var cts = new CancellationTokenSource(bound ?? Bound);
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"gave up waiting for: {what}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }
}

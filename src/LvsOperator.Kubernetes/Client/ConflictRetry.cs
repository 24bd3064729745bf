using LvsOperator.Kubernetes.RateLimiting;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// Runs a read-modify-write attempt again after a 409 Conflict (someone else wrote first), with a short jittered
/// backoff, a bounded number of times (client-go's retry.RetryOnConflict). Other errors and the last 409 propagate.
/// </summary>
internal static class ConflictRetry
{
    public const int DefaultAttempts = 10;

    public static async Task<TResult> RunAsync<TResult>(
        Func<int, CancellationToken, Task<TResult>> attempt, TimeProvider time, CancellationToken cancellationToken, int attempts = DefaultAttempts)
    {
        var backoff = new JitteredBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));
        for (var i = 0; ; i++)
        {
            try
            {
                return await attempt(i, cancellationToken);
            }
            catch (Exception e) when (ApiErrors.IsConflict(e) && i + 1 < attempts)
            {
                await Task.Delay(backoff.Next(), time, cancellationToken);
            }
        }
    }
}

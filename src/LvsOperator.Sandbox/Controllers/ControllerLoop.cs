using Microsoft.Extensions.Logging;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>
/// Runs one of the sandbox's controllers: its trigger watches, and a loop that reconciles the whole state once per
/// wake-up. A failed reconcile is logged and retried with a capped exponential backoff; nothing escapes the loop,
/// so a bad object or an API hiccup cannot stop the sandbox.
/// </summary>
internal sealed partial class ControllerLoop : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private ControllerLoop(string name, IReadOnlyList<Func<ReconcileSignal, CancellationToken, Task>> watches, Func<CancellationToken, Task> reconcile, TimeSpan resync, ILogger logger)
    {
        var signal = new ReconcileSignal();
        var tasks = watches.Select(watch => watch(signal, _stop.Token)).ToList();
        tasks.Add(LoopAsync(name, reconcile, signal, resync, logger, _stop.Token));
        _run = Task.WhenAll(tasks);
    }

    /// <summary>Starts the watches and the loop; the first reconcile runs at once.</summary>
    public static ControllerLoop Start(
        string name, IReadOnlyList<Func<ReconcileSignal, CancellationToken, Task>> watches, Func<CancellationToken, Task> reconcile, TimeSpan resync, ILogger logger) =>
        new(name, watches, reconcile, resync, logger);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static async Task LoopAsync(string name, Func<CancellationToken, Task> reconcile, ReconcileSignal signal, TimeSpan resync, ILogger logger, CancellationToken stop)
    {
        await Task.Yield();
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await reconcile(stop);
                failures = 0;
                await signal.WaitAsync(resync, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                Log.ReconcileFailed(logger, name, failures, e);
                var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures, 10))));
                try
                {
                    await Task.Delay(backoff, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}

using k8s;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>
/// A watch used only as a trigger: every event raises the signal, and the controller re-reads the state it needs.
/// The watch starts without a resourceVersion (its initial ADDED events raise the signal too); when it ends or
/// fails it is opened again after a short pause, with one more raise for whatever changed while it was closed.
/// Nothing is cached, so there is nothing a lost event could leave stale.
/// </summary>
internal static class ChangeWatch
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync<T>(
        Func<CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> open, ReconcileSignal signal, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var _ in open(cancellationToken).WithCancellation(cancellationToken))
                {
                    signal.Raise();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A dropped connection, a 410 or a server going away: open it again below.
            }

            signal.Raise();
            try
            {
                await Task.Delay(Pause, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

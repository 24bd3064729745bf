using System.Threading.Channels;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>
/// "Something changed": any number of raises between two waits wake the waiter once, so a burst of watch events
/// becomes one reconcile of the current state.
/// </summary>
internal sealed class ReconcileSignal
{
    private readonly Channel<bool> _raised = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Raise() => _raised.Writer.TryWrite(true);

    /// <summary>Returns when raised, or after <paramref name="resync"/> at the latest (a periodic resync, as informers do).</summary>
    public async Task WaitAsync(TimeSpan resync, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(resync);
        try
        {
            await _raised.Reader.ReadAsync(bound.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The resync period passed without a change.
        }
    }
}

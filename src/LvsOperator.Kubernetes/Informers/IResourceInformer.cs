namespace LvsOperator.Kubernetes.Informers;

/// <summary>What a host needs of every informer regardless of kind: run it, and wait until its cache is filled.</summary>
public interface IResourceInformer
{
    /// <summary>True once the first LIST is in the cache and its events delivered.</summary>
    bool HasSynced { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>Lists, watches and reconnects until the token is cancelled; returns then (never throws for API errors).</summary>
    Task RunAsync(CancellationToken cancellationToken);
}

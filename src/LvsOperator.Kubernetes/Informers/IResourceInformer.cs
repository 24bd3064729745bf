namespace LvsOperator.Kubernetes.Informers;

/// <summary>What a host needs of every informer regardless of kind: run it, wait until its cache is filled, report on it.</summary>
public interface IResourceInformer
{
    /// <summary>True once the first LIST is in the cache and its events delivered.</summary>
    bool HasSynced { get; }

    /// <summary>LISTs done, the first included (more than one: relists).</summary>
    long Lists { get; }

    /// <summary>WATCH requests started.</summary>
    long Watches { get; }

    /// <summary>Why the last LIST or WATCH failed, or null since one worked.</summary>
    string? LastError { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>Lists, watches and reconnects until the token is cancelled; returns then (never throws for API errors).</summary>
    Task RunAsync(CancellationToken cancellationToken);
}

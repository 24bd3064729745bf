namespace LvsOperator.Kubernetes.Queues;

/// <summary>What <see cref="WorkQueue{TKey}.GetAsync"/> hands a worker: a key to process, or word that the queue shut down.</summary>
public readonly record struct WorkQueueItem<TKey>(TKey Key, bool ShutDown);

using LvsOperator.Kubernetes.Informers;

namespace LvsOperator.Operator.Controller;

/// <summary>An informer with the kind it watches, for health, readiness and metrics.</summary>
internal sealed record KindInformer(string Kind, IResourceInformer Informer);

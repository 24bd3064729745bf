namespace LvsOperator.Operator.Resolution;

/// <summary>Another VirtualService (namespace/name) that claims <see cref="Key"/> too.</summary>
internal sealed record ConflictingClaim(VipKey Key, string Other);

namespace LvsOperator.Api.Validation;

/// <summary>One thing wrong with a VirtualService, named by its field path as the apiserver would (<c>spec.ports[0].port</c>).</summary>
public sealed record ValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

using LvsOperator.Sandbox.ApiServer.Endpoints;

namespace LvsOperator.Sandbox.ApiServer.Schema;

/// <summary>What enforcing a structural schema found: validation errors and the paths of pruned unknown fields.</summary>
internal sealed class SchemaOutcome
{
    public List<FieldError> Errors { get; } = [];

    public List<string> Pruned { get; } = [];
}

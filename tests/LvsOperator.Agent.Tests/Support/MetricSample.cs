namespace LvsOperator.Agent.Tests.Support;

internal sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(params (string Name, string Value)[] labels) =>
        labels.All(l => Labels.TryGetValue(l.Name, out var v) && v == l.Value);
}

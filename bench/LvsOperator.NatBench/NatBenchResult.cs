using LvsOperator.Sandbox.Directors;

namespace LvsOperator.NatBench;

internal sealed record NatBenchResult(DirectorKind Director, IReadOnlyList<double> StreamBitsPerSecond, IReadOnlyList<double> ConnectionsPerSecond, int Failures)
{
    public double MedianStream => Median(StreamBitsPerSecond);

    public double MedianRate => Median(ConnectionsPerSecond);

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

using System.Globalization;
using LvsOperator.Sandbox.Directors;

namespace LvsOperator.NatBench;

/// <summary>Command line: --runs N (default 3), --seconds S (default 5), --workers W (default 4), --director kernel|agent|both.</summary>
internal sealed record NatBenchOptions(int Runs, TimeSpan Duration, int Workers, IReadOnlyList<DirectorKind> Directors)
{
    public static NatBenchOptions Parse(string[] args)
    {
        var runs = 3;
        var seconds = 5.0;
        var workers = 4;
        IReadOnlyList<DirectorKind> directors = [DirectorKind.KernelNftables, DirectorKind.Agent];
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--runs":
                    runs = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 20);
                    break;
                case "--seconds":
                    seconds = Math.Clamp(double.Parse(value, CultureInfo.InvariantCulture), 0.5, 60);
                    break;
                case "--workers":
                    workers = Math.Clamp(int.Parse(value, CultureInfo.InvariantCulture), 1, 64);
                    break;
                case "--director":
                    directors = value switch
                    {
                        "kernel" => [DirectorKind.KernelNftables],
                        "agent" => [DirectorKind.Agent],
                        _ => directors,
                    };
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return new NatBenchOptions(runs, TimeSpan.FromSeconds(seconds), workers, directors);
    }
}

using LvsOperator.NatBench;
using LvsOperator.Sandbox.Directors;

var options = NatBenchOptions.Parse(args);
Console.WriteLine($"NAT bench: {options.Runs} runs x {options.Duration.TotalSeconds:F1} s, {options.Workers} connection workers, " +
                  $"{Environment.ProcessorCount} CPUs");

var results = new List<NatBenchResult>();
foreach (var kind in options.Directors)
{
    try
    {
        results.Add(await NatBenchmark.RunAsync(kind, options));
    }
    catch (Exception e) when (kind == DirectorKind.Agent)
    {
        Console.WriteLine($"  {kind}: not measured: {e.Message.Split('\n')[0]}");
    }
}

Console.WriteLine();
Console.WriteLine($"{"director",-16}{"stream Gbit/s (median)",24}{"conn/s (median)",18}{"failures",10}");
foreach (var r in results)
{
    Console.WriteLine($"{r.Director,-16}{r.MedianStream / 1e9,24:F2}{r.MedianRate,18:F0}{r.Failures,10}");
}

var kernel = results.FirstOrDefault(r => r.Director == DirectorKind.KernelNftables);
var agent = results.FirstOrDefault(r => r.Director == DirectorKind.Agent);
if (kernel is not null && agent is not null)
{
    Console.WriteLine($"agent/kernel: stream {agent.MedianStream / kernel.MedianStream:P0}, conn/s {agent.MedianRate / kernel.MedianRate:P0}");
}

return results.Sum(r => r.Failures) == 0 ? 0 : 1;

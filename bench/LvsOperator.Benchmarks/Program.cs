using BenchmarkDotNet.Running;

// Named by one of its benchmarks: "Program" is ambiguous, the agent's internals (and its Program) are visible here.
BenchmarkSwitcher.FromAssembly(typeof(LvsOperator.Benchmarks.RewriteBenchmarks).Assembly).Run(args);

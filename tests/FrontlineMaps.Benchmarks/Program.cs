using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/FrontlineMaps.Benchmarks -- --filter '*'   (see docs/performance.md)
BenchmarkSwitcher.FromAssembly(typeof(FrontlineMaps.Benchmarks.TimelineBenchmarks).Assembly).Run(args);

using BenchmarkDotNet.Running;

namespace LogPipe.Benchmarks;

internal static class Program
{
    // Run with --filter '*' (all) or a class name; every benchmark reports per line (OperationsPerInvoke = lines).
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, PerLineConfig.Create());
}

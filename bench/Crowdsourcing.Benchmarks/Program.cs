using BenchmarkDotNet.Running;

namespace Crowdsourcing.Benchmarks;

/// <summary>Runs the suites: <c>dotnet run -c Release --project bench/Crowdsourcing.Benchmarks -- --filter '*' --job short</c>.</summary>
internal static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

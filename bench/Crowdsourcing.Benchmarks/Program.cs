using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;

namespace Crowdsourcing.Benchmarks;

/// <summary>
/// Runs the suites: <c>dotnet run -c Release --project bench/Crowdsourcing.Benchmarks -- --filter '*' --job short</c>.
/// The PostgreSQL suite (<see cref="PostgreSqlStoreBenchmarks"/>) needs <c>CROWDSOURCING_POSTGRES</c>; without it the
/// suite is left out with a message.
/// </summary>
internal static class Program
{
    public static void Main(string[] args)
    {
        var suites = typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkAttribute), inherit: false)))
            .ToList();
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgreSqlStoreBenchmarks.Variable)))
        {
            suites.Remove(typeof(PostgreSqlStoreBenchmarks));
            Console.WriteLine(
                $"Skipping {nameof(PostgreSqlStoreBenchmarks)}: set {PostgreSqlStoreBenchmarks.Variable} to the connection string of a PostgreSQL user who may create databases " +
                "(for example: bash -c 'source .ci/postgres.sh && pg_start && dotnet run -c Release --project bench/Crowdsourcing.Benchmarks -- --filter \"*PostgreSql*\" --job short; pg_stop').");
        }

        BenchmarkSwitcher.FromTypes([.. suites]).Run(args);
    }
}

using Crowdsourcing.Specification.Tests;

namespace Crowdsourcing.Providers.PostgreSql.Tests;

/// <summary>
/// The entry point of the test assembly when a crash test of <see cref="DurableStoreSpecification"/> runs it as its
/// child process. The test runner does not use it.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => DurableStoreSpecification.RunChildProcessAsync<PostgreSqlDurableStoreTests>(args);
}

namespace Crowdsourcing.Providers.PostgreSql.Tests;

/// <summary>
/// The entry point of the test assembly when it runs as the crash test's child process
/// (<c>dotnet Crowdsourcing.Providers.PostgreSql.Tests.dll crash-child &lt;connection string&gt; &lt;participants&gt;</c> commits a
/// prepared cycle; <c>cycle-child &lt;connection string&gt;</c> runs cycle 1 of <c>CycleCampaign</c> through the runtime).
/// The test runner does not use it.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["crash-child", var connectionString, var count])
        {
            await CrashChild.RunAsync(connectionString, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
            return 0;
        }

        if (args is ["cycle-child", var database])
        {
            await CycleCrashChild.RunAsync(database);
            return 0;
        }

        await Console.Error.WriteLineAsync("usage: crash-child <connection string> <participants> | cycle-child <connection string>");
        return 2;
    }
}

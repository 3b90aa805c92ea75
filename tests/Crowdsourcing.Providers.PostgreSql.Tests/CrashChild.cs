using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Notifications;
using Crowdsourcing.Providers.Tests.Runtime;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Crowdsourcing.Providers.PostgreSql.Tests;

/// <summary>The child process: opens the store, prints "committing" and commits the scenario (the parent kills it meanwhile).</summary>
public static class CrashChild
{
    public static async Task RunAsync(string connectionString, int participants)
    {
        var services = new ServiceCollection();
        // The parent migrated the database: the child only verifies it, so the commit is the only time it takes the write lock.
        services.AddCrowdsourcing(b => b.UsePostgreSql(o =>
        {
            o.ConnectionString = connectionString;
            o.Migrations = PostgreSqlMigrationMode.Verify;
        }));
        await using var provider = services.BuildServiceProvider();
        var store = (PostgreSqlCrowdsourcingStore)provider.GetRequiredService<ICrowdsourcingStore>();
        await store.InitializeAsync();
        var changes = CrashScenario.Build(participants);
        Console.WriteLine("committing");
        await store.CommitAsync(changes);
        Console.WriteLine("committed");
    }
}

/// <summary>The child process of the runtime-level crash test: one host instance running cycle 1 of
/// <see cref="CycleCampaign"/> (which the parent seeded) through <see cref="IDecisionCycleService"/>.</summary>
public static class CycleCrashChild
{
    public static async Task RunAsync(string connectionString)
    {
        // The parent migrated and seeded the database: the child only reads until the cycle commits, so the commit's
        // transaction is the only one in which its backends write.
        await using var host = CycleCampaign.BuildHost(
            b => b.UsePostgreSql(o =>
            {
                o.ConnectionString = connectionString;
                o.Migrations = PostgreSqlMigrationMode.Verify;
            }),
            CycleCampaign.At(1));
        await ((PostgreSqlCrowdsourcingStore)host.GetRequiredService<ICrowdsourcingStore>()).InitializeAsync();
        Console.WriteLine("running cycle 1");
        var outcome = await host.GetRequiredService<IDecisionCycleService>().RunCycleAsync(CycleCampaign.CampaignId, 1);
        Console.WriteLine($"recorded cycle 1: {outcome.Record.Contacts.Count} contacts");
    }
}

public sealed class PostgreSqlCrashSafetyTests : IAsyncLifetime
{
    private const int Participants = 50_000;
    private const int CycleParticipants = 20_000;
    private const string ChildApplicationName = "crowd-crash-child";
    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Db => _database!;

    public async Task InitializeAsync() => _database = await PostgresServer.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_child_killed_in_the_middle_of_a_decision_cycle_leaves_all_or_nothing_and_the_rerun_completes_it_without_duplicate_contacts()
    {
        await KillInTheMiddleOfItsCommitAsync("crash-child", ChildConnectionString, Participants.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await using var provider = Build();
        var store = provider.GetRequiredService<ICrowdsourcingStore>();
        var (cycle, beliefs, notifications) = await CountAsync(store);
        Assert.True(
            (cycle is null && beliefs == 0 && notifications == 0) || (cycle is not null && beliefs == Participants && notifications == Participants),
            $"After the kill the database holds part of the cycle: cycle recorded {cycle is not null}, {beliefs} beliefs, {notifications} notifications.");

        var rerun = await store.CommitAsync(CrashScenario.Build(Participants));

        Assert.Equal(cycle is null, rerun.Applied);
        var (after, beliefsAfter, notificationsAfter) = await CountAsync(store);
        Assert.NotNull(after);
        Assert.Equal(Participants, after.Contacts.Count);
        Assert.Equal(Participants, beliefsAfter);
        Assert.Equal(Participants, notificationsAfter);
        var all = new List<Notification>();
        await foreach (var n in store.Outbox.ListAsync(PageRequest.All))
        {
            all.Add(n);
        }

        Assert.Equal(Participants, all.Select(n => n.RecipientId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, n => Assert.Equal(1, n.Version));
    }

    [Fact]
    public async Task A_child_killed_in_the_middle_of_RunCycleAsync_leaves_the_whole_cycle_or_none_of_it_and_the_rerun_contacts_each_selected_participant_once()
    {
        await using (var seeding = Build())
        {
            await CycleCampaign.SeedAsync(seeding.GetRequiredService<ICrowdsourcingStore>(), CycleParticipants);
        }

        await KillInTheMiddleOfItsCommitAsync("cycle-child", ChildConnectionString);

        await using var parent = CycleCampaign.BuildHost(b => b.UsePostgreSql(Db.ConnectionString), CycleCampaign.At(1, 30));
        var recorded = await CycleCrashScenario.AssertAllOrNothingAsync(parent.GetRequiredService<ICrowdsourcingStore>(), CycleParticipants);
        await CycleCrashScenario.RerunAsync(parent, recorded, CycleParticipants);
    }

    private string ChildConnectionString => new NpgsqlConnectionStringBuilder(Db.ConnectionString) { ApplicationName = ChildApplicationName }.ConnectionString;

    /// <summary>
    /// Runs the test assembly as a child with <paramref name="args"/>, kills it once one of its backends is inside a
    /// transaction that has written (its only writes are the commit under test), and waits until the server has closed
    /// its backends, rolling that transaction back.
    /// </summary>
    private async Task KillInTheMiddleOfItsCommitAsync(params string[] args)
    {
        await CrashChildProcess.KillInTheMiddleOfItsCommitAsync(typeof(CrashChild).Assembly.Location, args, () => HasOpenWriteTransactionAsync(Db.ConnectionString));
        for (var i = 0; i < 600 && await BackendCountAsync(Db.ConnectionString) > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, await BackendCountAsync(Db.ConnectionString));
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UsePostgreSql(Db.ConnectionString));
        return services.BuildServiceProvider();
    }

    private static async Task<(DecisionCycleRecord? Cycle, int Beliefs, int Notifications)> CountAsync(ICrowdsourcingStore store)
    {
        var cycle = await store.Cycles.FindAsync(CrashScenario.CampaignId, 1);
        var beliefs = 0;
        await foreach (var _ in store.Beliefs.ListAsync(CrashScenario.CampaignId, PageRequest.All))
        {
            beliefs++;
        }

        var notifications = 0;
        await foreach (var _ in store.Outbox.ListAsync(PageRequest.All))
        {
            notifications++;
        }

        return (cycle, beliefs, notifications);
    }

    /// <summary>Whether the child's backend is inside a transaction that has written something.</summary>
    private static async Task<bool> HasOpenWriteTransactionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = @name AND backend_xid IS NOT NULL", connection);
        command.Parameters.AddWithValue("name", ChildApplicationName);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static async Task<long> BackendCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = @name", connection);
        command.Parameters.AddWithValue("name", ChildApplicationName);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

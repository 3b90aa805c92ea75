using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Notifications;
using Crowdsourcing.Providers.Tests.Runtime;
using Crowdsourcing.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Providers.Sqlite.Tests;

/// <summary>The child process: opens the store, prints "committing" and commits the scenario (the parent kills it meanwhile).</summary>
public static class CrashChild
{
    public static async Task RunAsync(string connectionString, int participants)
    {
        var services = new ServiceCollection();
        // The parent migrated the database: the child only verifies it, so the commit is the only time it takes the write lock.
        services.AddCrowdsourcing(b => b.UseSqlite(o =>
        {
            o.ConnectionString = connectionString;
            o.Migrations = SqliteMigrationMode.Verify;
        }));
        await using var provider = services.BuildServiceProvider();
        var store = (SqliteCrowdsourcingStore)provider.GetRequiredService<ICrowdsourcingStore>();
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
        // The parent migrated and seeded the database: the child only verifies the schema and reads until the cycle
        // commits, so the commit is the only time it takes the write lock.
        await using var host = CycleCampaign.BuildHost(
            b => b.UseSqlite(o =>
            {
                o.ConnectionString = connectionString;
                o.Migrations = SqliteMigrationMode.Verify;
            }),
            CycleCampaign.At(1));
        await ((SqliteCrowdsourcingStore)host.GetRequiredService<ICrowdsourcingStore>()).InitializeAsync();
        Console.WriteLine("running cycle 1");
        var outcome = await host.GetRequiredService<IDecisionCycleService>().RunCycleAsync(CycleCampaign.CampaignId, 1);
        Console.WriteLine($"recorded cycle 1: {outcome.Record.Contacts.Count} contacts");
    }
}

public sealed class SqliteCrashSafetyTests : IAsyncLifetime
{
    private const int Participants = 50_000;
    private const int CycleParticipants = 50_000;
    private readonly SqliteTestDatabase _db = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_child_killed_in_the_middle_of_a_decision_cycle_leaves_all_or_nothing_and_the_rerun_completes_it_without_duplicate_contacts()
    {
        await new SqliteMigrator(_db.ConnectionString).ApplyAsync();
        await KillInTheMiddleOfItsCommitAsync("crash-child", _db.ConnectionString, Participants.ToString(System.Globalization.CultureInfo.InvariantCulture));

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

        await KillInTheMiddleOfItsCommitAsync("cycle-child", _db.ConnectionString);

        await using var parent = CycleCampaign.BuildHost(b => b.UseSqlite(_db.ConnectionString), CycleCampaign.At(1, 30));
        var recorded = await CycleCrashScenario.AssertAllOrNothingAsync(parent.GetRequiredService<ICrowdsourcingStore>(), CycleParticipants);
        await CycleCrashScenario.RerunAsync(parent, recorded, CycleParticipants);
    }

    /// <summary>Runs the test assembly as a child with <paramref name="args"/> and kills it once it holds the database's
    /// write lock (its only write is the commit under test).</summary>
    private Task KillInTheMiddleOfItsCommitAsync(params string[] args) =>
        CrashChildProcess.KillInTheMiddleOfItsCommitAsync(typeof(CrashChild).Assembly.Location, args, () => Task.FromResult(IsWriteLocked(_db.ConnectionString)));

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddCrowdsourcing(b => b.UseSqlite(_db.ConnectionString));
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

    /// <summary>Whether another connection holds the database's write lock: BEGIN IMMEDIATE, issued straight to SQLite
    /// (no busy handler, no Microsoft.Data.Sqlite retry), reports it busy.</summary>
    private static bool IsWriteLocked(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString + ";Pooling=False");
        connection.Open();
        SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, 0);
        var rc = SQLitePCL.raw.sqlite3_exec(connection.Handle, "BEGIN IMMEDIATE");
        if (rc == SQLitePCL.raw.SQLITE_OK)
        {
            SQLitePCL.raw.sqlite3_exec(connection.Handle, "ROLLBACK");
            return false;
        }

        Assert.Equal(SQLitePCL.raw.SQLITE_BUSY, rc);
        return true;
    }
}

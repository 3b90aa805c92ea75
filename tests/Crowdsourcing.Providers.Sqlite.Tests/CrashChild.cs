using System.Diagnostics;
using Crowdsourcing.Decisions;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Notifications;
using Crowdsourcing.Providers.Sqlite;
using Crowdsourcing.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Providers.Sqlite.Tests;

/// <summary>The decision cycle the crash test commits: one cycle contacting every participant, with a belief and a
/// contact notification each.</summary>
public static class CrashScenario
{
    public const string CampaignId = "c-crash";

    public static DateTimeOffset T0 { get; } = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static ChangeSet Build(int participants)
    {
        var ids = Enumerable.Range(0, participants).Select(i => $"p-{i:D6}").ToArray();
        var changes = new ChangeSet()
            .RecordCycle(new DecisionCycleRecord(CampaignId, 1, T0, ids.Select(p => new ContactRecord(p, "email", 1.25, 0.5)).ToArray(), 4242.5))
            .SaveBeliefs(ids.Select(p => new ParticipantBelief(CampaignId, p, 1, [0.25, 0.25, 0.5])));
        foreach (var p in ids)
        {
            changes.Enqueue(new Notification($"contact-{CampaignId}-1-{p}", "email", p, "contact", "Your readiness", "Please tell us where you are.", T0));
        }

        return changes;
    }
}

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

public sealed class SqliteCrashSafetyTests : IAsyncLifetime
{
    private const int Participants = 50_000;
    private readonly SqliteTestDatabase _db = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_child_killed_in_the_middle_of_a_decision_cycle_leaves_all_or_nothing_and_the_rerun_completes_it_without_duplicate_contacts()
    {
        await new SqliteMigrator(_db.ConnectionString).ApplyAsync();
        var assembly = typeof(CrashChild).Assembly.Location;
        using var child = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly, "crash-child", _db.ConnectionString, Participants.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        try
        {
            // The child takes the database's write lock only for its commit: wait until it holds it, then kill it.
            var killedMidTransaction = false;
            while (!child.HasExited)
            {
                if (IsWriteLocked(_db.ConnectionString))
                {
                    child.Kill(entireProcessTree: true);
                    killedMidTransaction = true;
                    break;
                }

                await Task.Delay(2);
            }

            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(killedMidTransaction, $"The child ended (exit code {child.ExitCode}) before the test saw its commit's transaction open; nothing was tested. Its output: {await child.StandardOutput.ReadToEndAsync()} {await child.StandardError.ReadToEndAsync()}");
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }

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

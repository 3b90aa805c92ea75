using System.Globalization;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Notifications;
using Crowdsourcing.Specification.Tests.Durable;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

/// <summary>
/// The conformance suite of a durable store that several processes share (SQLite on one machine, PostgreSQL on
/// several): host instances on one database committing the same decision cycles at once, claiming the same outbox, and
/// running the runtime's decision cycle at once; and a process killed in the middle of its commit, which must leave
/// all of it or none of it. A provider's test project derives one class from it, in addition to its
/// <see cref="CrowdsourcingStoreSpecification"/>.
/// </summary>
/// <remarks>
/// <para>
/// Each test gets a database of its own from <see cref="CreateDatabaseAsync"/> (with the store's schema), builds its
/// "instances" as separate service providers with <see cref="ConfigureProvider"/> (each its own store, connection pool
/// and clock, as separate processes would have), and drops the database with <see cref="DropDatabaseAsync"/>.
/// </para>
/// <para>
/// The crash tests run the test assembly itself as a child process (<c>dotnet &lt;test assembly&gt; ...</c>), so the
/// test project needs an entry point that hands its arguments to <see cref="RunChildProcessAsync{TSpecification}"/>
/// (with <c>&lt;GenerateProgramFile&gt;false&lt;/GenerateProgramFile&gt;</c> in its project file). The parent kills the
/// child as soon as <see cref="IsChildCommittingAsync"/> says its commit's transaction is under way.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class MyDurableStoreTests : DurableStoreSpecification
/// {
///     protected override async ValueTask&lt;string&gt; CreateDatabaseAsync() { /* create, migrate, return a connection string */ }
///     protected override ValueTask DropDatabaseAsync(string database) { /* drop it */ }
///     protected override void ConfigureProvider(CrowdsourcingBuilder builder, string database) => builder.UseMyStore(database);
///     protected override Task&lt;bool&gt; IsChildCommittingAsync(string database) { /* is the child's write transaction open? */ }
/// }
///
/// public static class Program
/// {
///     public static Task&lt;int&gt; Main(string[] args) => DurableStoreSpecification.RunChildProcessAsync&lt;MyDurableStoreTests&gt;(args);
/// }
/// </code>
/// </example>
public abstract class DurableStoreSpecification : IAsyncLifetime
{
    /// <summary>The first argument of the child process, so that a test project's entry point recognises it.</summary>
    public const string ChildProcessArgument = "crowdsourcing-durable-store-child";

    private string? _database;

    /// <summary>This test's database, as <see cref="CreateDatabaseAsync"/> returned it.</summary>
    /// <exception cref="InvalidOperationException">The test has not been initialised.</exception>
    protected string Database => _database ?? throw new InvalidOperationException("The database is not created yet: InitializeAsync has not run.");

    /// <summary>How many participants the runtime's several-instances test seeds. Default: 100,000 (issue 15: the
    /// guarantees hold at the size a general crowd has, not only at small sizes).</summary>
    protected virtual int SeveralInstancesParticipants => 100_000;

    /// <summary>How many participants (beliefs and contact notifications) the commit a child is killed in holds. Default: 50,000.</summary>
    protected virtual int CrashParticipants => 50_000;

    /// <summary>How many participants the campaign whose decision cycle a child is killed in has. Default: 100,000.</summary>
    protected virtual int CycleCrashParticipants => 100_000;

    /// <summary>Creates a database for one test, with the store's schema applied, and returns what
    /// <see cref="ConfigureProvider"/> needs to reach it (for example a connection string).</summary>
    protected abstract ValueTask<string> CreateDatabaseAsync();

    /// <summary>Drops a database <see cref="CreateDatabaseAsync"/> created.</summary>
    /// <param name="database">What <see cref="CreateDatabaseAsync"/> returned.</param>
    protected abstract ValueTask DropDatabaseAsync(string database);

    /// <summary>Registers the provider on <paramref name="database"/>, as each host instance does.</summary>
    /// <param name="builder">The builder of <c>services.AddCrowdsourcing(...)</c>.</param>
    /// <param name="database">What <see cref="CreateDatabaseAsync"/> returned (or, in the child process, <see cref="ChildProcessDatabase"/>).</param>
    protected abstract void ConfigureProvider(CrowdsourcingBuilder builder, string database);

    /// <summary>
    /// Registers the provider in the child process. The parent has already applied the schema, and the child's commit
    /// must be its only write (the parent watches for it), so a provider whose start writes (applies migrations) should
    /// only verify the schema here. Default: <see cref="ConfigureProvider"/>.
    /// </summary>
    /// <param name="builder">The builder of <c>services.AddCrowdsourcing(...)</c>.</param>
    /// <param name="database">What <see cref="ChildProcessDatabase"/> returned.</param>
    protected virtual void ConfigureChildProvider(CrowdsourcingBuilder builder, string database) => ConfigureProvider(builder, database);

    /// <summary>What the child process is given to reach <paramref name="database"/>, for example a connection string
    /// that marks its connections so that <see cref="IsChildCommittingAsync"/> can find them. Default: <paramref name="database"/>.</summary>
    /// <param name="database">What <see cref="CreateDatabaseAsync"/> returned.</param>
    protected virtual string ChildProcessDatabase(string database) => database;

    /// <summary>Whether the child's commit is under way: its write transaction is open (holds the write lock, or has
    /// written). The parent polls it and kills the child as soon as it says so.</summary>
    /// <param name="database">What <see cref="CreateDatabaseAsync"/> returned.</param>
    protected abstract Task<bool> IsChildCommittingAsync(string database);

    /// <summary>Runs after the child was killed, before the parent looks at the database: for example waits until the
    /// server has ended the child's sessions (rolling back its transaction). Default: nothing.</summary>
    /// <param name="database">What <see cref="CreateDatabaseAsync"/> returned.</param>
    protected virtual Task AfterChildKilledAsync(string database) => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task InitializeAsync() => _database = await CreateDatabaseAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await DropDatabaseAsync(_database);
        }
    }

    /// <summary>
    /// The entry point of the child process: call it from the test project's <c>Main</c>. It runs the child's part of
    /// a crash test when the arguments are the ones a test gave, and returns its exit code.
    /// </summary>
    /// <typeparam name="TSpecification">The test project's class derived from <see cref="DurableStoreSpecification"/>.</typeparam>
    /// <param name="args">The process's arguments.</param>
    /// <returns>0 when the child's work finished (the parent normally kills it before); 2, with a usage message on the
    /// standard error, for arguments it does not know.</returns>
    public static async Task<int> RunChildProcessAsync<TSpecification>(string[] args)
        where TSpecification : DurableStoreSpecification, new()
    {
        ArgumentNullException.ThrowIfNull(args);
        var specification = new TSpecification();
        switch (args)
        {
            case [ChildProcessArgument, "commit", var database, var count]:
                await specification.CommitInChildAsync(database, int.Parse(count, CultureInfo.InvariantCulture));
                return 0;
            case [ChildProcessArgument, "cycle", var database]:
                await specification.RunCycleInChildAsync(database);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"usage: {ChildProcessArgument} commit <database> <participants> | {ChildProcessArgument} cycle <database>");
                return 2;
        }
    }

#pragma warning disable CS1591 // The tests: their names say what they check.

    [Fact]
    public async Task Two_instances_with_their_own_pools_committing_the_same_cycles_at_once_apply_each_once_and_contact_each_participant_once()
    {
        await using var first = BuildInstance(CycleCampaign.At(1));
        await using var second = BuildInstance(CycleCampaign.At(1, 1));
        var stores = new[] { first, second }.Select(i => i.GetRequiredService<ICrowdsourcingStore>()).ToArray();
        Assert.NotSame(stores[0], stores[1]);
        var participants = Enumerable.Range(0, 500).Select(i => $"p-{i:D3}").ToArray();

        for (var cycle = 1; cycle <= 5; cycle++)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var n = cycle;
            var runs = Enumerable.Range(0, 2).Select(instance => Task.Run(async () =>
            {
                var changes = new ChangeSet()
                    .RecordCycle(Cycle("c-1", n, participants) with { DecidedAt = T0.AddDays(7 * n).AddSeconds(instance) })
                    .SaveBeliefs(participants.Select(p => Belief("c-1", p, n)).ToList());
                foreach (var p in participants)
                {
                    changes.Enqueue(Notification($"contact-c-1-{n}-{p}", p) with { Body = $"Sent by instance {instance}" });
                }

                await start.Task;
                return await stores[instance].CommitAsync(changes);
            })).ToArray();
            start.SetResult();
            var outcomes = await Task.WhenAll(runs);

            Assert.Single(outcomes, o => o.Applied);
            var loser = Assert.Single(outcomes, o => !o.Applied);
            var stored = (await stores[1].Cycles.FindAsync("c-1", n))!;
            Assert.Equal(Json(stored), Json(loser.ExistingCycle!));
        }

        var notifications = new List<Notification>();
        await foreach (var notification in stores[0].Outbox.ListAsync(PageRequest.All))
        {
            notifications.Add(notification);
        }

        Assert.Equal(5 * participants.Length, notifications.Count);
        foreach (var byCycle in notifications.GroupBy(n => n.Id.Split('-')[3]))
        {
            Assert.Equal(participants, byCycle.Select(n => n.RecipientId).Order(StringComparer.Ordinal));
            Assert.Single(byCycle.Select(n => n.Body).Distinct());
        }

        Assert.Equal(5, (await stores[0].Cycles.FindLatestAsync("c-1"))!.Cycle);
        Assert.Equal(5, (await stores[1].Beliefs.FindAsync("c-1", "p-000"))!.Week);
    }

    [Fact]
    public async Task Two_instances_with_their_own_pools_reviewing_the_same_reports_at_once_store_one_review_per_report_and_the_other_conflicts()
    {
        await using var first = BuildInstance(CycleCampaign.At(1));
        await using var second = BuildInstance(CycleCampaign.At(1, 1));
        var stores = new[] { first, second }.Select(i => i.GetRequiredService<ICrowdsourcingStore>()).ToArray();
        await stores[0].Assignments.InsertAsync(Assignment("a-1"));
        await stores[0].CommitAsync(new ChangeSet().Assess(Assessment("a-1", T0)));

        for (var version = 0; version < 5; version++)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var expected = version;
            var runs = Enumerable.Range(0, 2).Select(instance => Task.Run(async () =>
            {
                await start.Task;
                try
                {
                    return await stores[instance].ReportReviews.SaveAsync(new Quality.ReportReview("campaign-1", "a-1", T0, "poor", instance == 0 ? "fair" : "good", $"analyst-{instance}", T0.AddDays(1)), expected);
                }
                catch (ConcurrencyConflictException)
                {
                    return null;
                }
            })).ToArray();
            start.SetResult();
            var outcomes = await Task.WhenAll(runs);

            var winner = Assert.Single(outcomes, o => o is not null)!;
            Assert.Equal(version + 1, winner.Version);
            Assert.Equal(winner, await stores[1 - Array.IndexOf(outcomes, winner)].ReportReviews.FindAsync("a-1", T0));
        }
    }

    [Fact]
    public async Task Two_instances_claiming_the_outbox_at_once_never_deliver_the_same_notification_twice()
    {
        await using var first = BuildInstance(T0);
        await using var second = BuildInstance(T0);
        var stores = new[] { first, second }.Select(i => i.GetRequiredService<ICrowdsourcingStore>()).ToArray();
        var changes = new ChangeSet();
        for (var i = 0; i < 400; i++)
        {
            changes.Enqueue(Notification($"n-{i:D3}"));
        }

        await stores[0].CommitAsync(changes);
        var delivered = new System.Collections.Concurrent.ConcurrentBag<string>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, 2).Select(instance => Task.Run(async () =>
        {
            await start.Task;
            var outbox = stores[instance].Outbox;
            while (true)
            {
                var batch = await outbox.ClaimDueAsync(T0, 9, $"instance-{instance}", TimeSpan.FromMinutes(5));
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var n in batch)
                {
                    await outbox.MarkDeliveredAsync(n.Id, $"instance-{instance}", T0.AddSeconds(1));
                    delivered.Add(n.Id);
                }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(workers);

        Assert.Equal(400, delivered.Count);
        Assert.Equal(400, delivered.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Two_instances_running_the_same_decision_cycles_at_once_contact_each_selected_participant_once()
    {
        await using var first = BuildInstance(CycleCampaign.At(1));
        await using var second = BuildInstance(CycleCampaign.At(1, 1));

        await SeveralInstancesScenario.RunAsync([first, second], SeveralInstancesParticipants);
    }

    [Fact]
    public async Task A_child_killed_in_the_middle_of_a_decision_cycle_leaves_all_or_nothing_and_the_rerun_completes_it_without_duplicate_contacts()
    {
        await KillChildInTheMiddleOfItsCommitAsync("commit", CrashParticipants.ToString(CultureInfo.InvariantCulture));

        await using var instance = BuildInstance(CrashScenario.T0);
        var store = instance.GetRequiredService<ICrowdsourcingStore>();
        var (cycle, beliefs, notifications) = await CountAsync(store);
        Assert.True(
            (cycle is null && beliefs == 0 && notifications == 0) || (cycle is not null && beliefs == CrashParticipants && notifications == CrashParticipants),
            $"After the kill the database holds part of the cycle: cycle recorded {cycle is not null}, {beliefs} beliefs, {notifications} notifications.");

        var rerun = await store.CommitAsync(CrashScenario.Build(CrashParticipants));

        Assert.Equal(cycle is null, rerun.Applied);
        var (after, beliefsAfter, notificationsAfter) = await CountAsync(store);
        Assert.NotNull(after);
        Assert.Equal(CrashParticipants, after.Contacts.Count);
        Assert.Equal(CrashParticipants, beliefsAfter);
        Assert.Equal(CrashParticipants, notificationsAfter);
        var all = new List<Notification>();
        await foreach (var n in store.Outbox.ListAsync(PageRequest.All))
        {
            all.Add(n);
        }

        Assert.Equal(CrashParticipants, all.Select(n => n.RecipientId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, n => Assert.Equal(1, n.Version));
    }

    [Fact]
    public async Task A_child_killed_in_the_middle_of_RunCycleAsync_leaves_the_whole_cycle_or_none_of_it_and_the_rerun_contacts_each_selected_participant_once()
    {
        await using (var seeding = BuildInstance(CycleCampaign.Start))
        {
            await CycleCampaign.SeedAsync(seeding.GetRequiredService<ICrowdsourcingStore>(), CycleCrashParticipants);
        }

        await KillChildInTheMiddleOfItsCommitAsync("cycle");

        await using var parent = BuildInstance(CycleCampaign.At(1, 30));
        var recorded = await CycleCrashScenario.AssertAllOrNothingAsync(parent.GetRequiredService<ICrowdsourcingStore>(), CycleCrashParticipants);
        await CycleCrashScenario.RerunAsync(parent, recorded, CycleCrashParticipants);
    }

#pragma warning restore CS1591

    /// <summary>A host instance on this test's database: its own service provider, store, connection pool and clock
    /// (starting at <paramref name="now"/>), with the <c>crowdarb-paper</c> decision model.</summary>
    private ServiceProvider BuildInstance(DateTimeOffset now) =>
        CycleCampaign.BuildHost(
            b =>
            {
                ConfigureProvider(b, Database);
                return b;
            },
            now);

    /// <summary>Runs the test assembly as a child in <paramref name="mode"/>, kills it once its commit is under way,
    /// and lets the provider wait for the database to notice.</summary>
    private async Task KillChildInTheMiddleOfItsCommitAsync(string mode, params string[] args)
    {
        await CrashChildProcess.KillInTheMiddleOfItsCommitAsync(
            GetType().Assembly.Location,
            [ChildProcessArgument, mode, ChildProcessDatabase(Database), .. args],
            () => IsChildCommittingAsync(Database));
        await AfterChildKilledAsync(Database);
    }

    /// <summary>The child of the commit crash test: opens the store, then commits <see cref="CrashScenario"/> (the
    /// parent kills it meanwhile).</summary>
    private async Task CommitInChildAsync(string database, int participants)
    {
        await using var instance = BuildChildInstance(database, CrashScenario.T0);
        var store = instance.GetRequiredService<ICrowdsourcingStore>();
        _ = await store.Cycles.FindAsync(CrashScenario.CampaignId, 1);
        var changes = CrashScenario.Build(participants);
        Console.WriteLine("committing");
        await store.CommitAsync(changes);
        Console.WriteLine("committed");
    }

    /// <summary>The child of the decision-cycle crash test: one host instance running cycle 1 of
    /// <see cref="CycleCampaign"/> (which the parent seeded) through <see cref="IDecisionCycleService"/>.</summary>
    private async Task RunCycleInChildAsync(string database)
    {
        await using var host = BuildChildInstance(database, CycleCampaign.At(1));
        _ = await host.GetRequiredService<ICrowdsourcingStore>().Cycles.FindAsync(CycleCampaign.CampaignId, 1);
        Console.WriteLine("running cycle 1");
        var outcome = await host.GetRequiredService<IDecisionCycleService>().RunCycleAsync(CycleCampaign.CampaignId, 1);
        Console.WriteLine($"recorded cycle 1: {outcome.Record.Contacts.Count} contacts");
    }

    private ServiceProvider BuildChildInstance(string database, DateTimeOffset now) =>
        CycleCampaign.BuildHost(
            b =>
            {
                ConfigureChildProvider(b, database);
                return b;
            },
            now);

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
}

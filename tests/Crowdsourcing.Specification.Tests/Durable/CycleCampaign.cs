using Crowdsourcing.Access;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DependencyInjection;
using Crowdsourcing.Notifications;
using Crowdsourcing.Quality;
using Crowdsourcing.Serialization;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using Microsoft.Extensions.DependencyInjection;

// The runtime-level scenarios of DurableStoreSpecification, run through IDecisionCycleService on the provider's database.
namespace Crowdsourcing.Specification.Tests.Durable;

/// <summary>A clock that says <see cref="Now"/> until a test moves it: each "instance" of a multi-instance test has its own.</summary>
internal sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// A campaign over the <c>crowdarb-paper</c> model whose crowd is every Internal participant, with week-0 beliefs that
/// differ from participant to participant (five kinds, in turn), so that a cycle contacts some and leaves the others:
/// the myopic rule V_k &gt; c_k decides, and <see cref="ExpectedFirstContacts"/> computes it independently.
/// </summary>
internal static class CycleCampaign
{
    public const string CampaignId = "c-cycle";
    public const string TaskId = "t-cycle";
    public const string Model = DecisionPresets.CrowdArbPaper;

    /// <summary>Week 0 begins here; cycle t is due a week per cycle later.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static readonly double[][] Kinds =
    [
        [0.6, 0.3, 0.1],
        [0.3, 0.4, 0.3],
        [1, 0, 0],
        [0, 0, 1],
        [0.45, 0.45, 0.1],
    ];

    public static string ParticipantId(int i) => $"p-{i:D6}";

    public static double[] WeekZeroBelief(int i) => Kinds[i % Kinds.Length];

    /// <summary>
    /// Services as a host instance registers them: <c>AddCrowdsourcing(b => provider(b).AddDecisionModels(e =>
    /// e.AddPreset("crowdarb-paper")))</c>, with a clock of its own. Each instance runs its cycles as the runtime itself
    /// (<see cref="Actor.System"/>), as a host's background processing does.
    /// </summary>
    public static ServiceProvider BuildHost(Func<CrowdsourcingBuilder, CrowdsourcingBuilder> provider, DateTimeOffset now)
    {
        var services = new ServiceCollection();
        AddTo(services, provider, now);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Adds what <see cref="BuildHost"/> registers to <paramref name="services"/>.</summary>
    public static void AddTo(IServiceCollection services, Func<CrowdsourcingBuilder, CrowdsourcingBuilder> provider, DateTimeOffset now)
    {
        services.AddCrowdsourcing(b => provider(b).AddDecisionModels(e => e.AddPreset(Model)));
        services.AddSingleton<TimeProvider>(new TestClock(now));
        services.AddSingleton<IActorAccessor>(new RuntimeActorAccessor());
    }

    /// <summary>Who acts in a host instance of these tests: the runtime's own background work.</summary>
    private sealed class RuntimeActorAccessor : IActorAccessor
    {
        public Actor? Current => Actor.System;
    }

    /// <summary>When cycle <paramref name="cycle"/> is decided (its due time plus <paramref name="seconds"/>).</summary>
    public static DateTimeOffset At(int cycle, int seconds = 0) => Start.AddDays(7 * cycle).AddSeconds(seconds);

    /// <summary>
    /// Stores the task and the campaign in one commit, <paramref name="participants"/> Internal participants in one
    /// bulk import, then their week-0 beliefs in one bulk save.
    /// </summary>
    public static async Task SeedAsync(ICrowdsourcingStore store, int participants)
    {
        var changes = new ChangeSet()
            .Insert(new CrowdTask(TaskId, "Client discovery", TaskKind.MacroTask, Confidentiality.Confidential, [CrowdLayer.Internal]))
            .Insert(new Campaign(
                CampaignId, "Client assessments", TaskId, "q", new CrowdSelection([CrowdLayer.Internal]), [], ReadinessScale.CrowdArbPaper,
                new ReminderPolicy(TimeSpan.FromDays(7), TimeSpan.FromDays(21)), Model, 9000, Start, TimeSpan.FromDays(7)));
        await store.CommitAsync(changes);
        var crowd = Enumerable.Range(0, participants).Select(i => new Participant(ParticipantId(i), $"Expert {i}", CrowdLayer.Internal, $"{ParticipantId(i)}@example.com")).ToList();
        Assert.Equal(new UpsertCounts(participants, 0, 0), await store.Participants.UpsertAsync(crowd, "seed", Start));
        await store.Beliefs.SaveAsync([.. Enumerable.Range(0, participants).Select(i => new ParticipantBelief(CampaignId, ParticipantId(i), 0, WeekZeroBelief(i)))]);
    }

    /// <summary>Whom cycle 1 must contact: the participants whose week-0 belief has V_k &gt; c_k (the myopic policy).</summary>
    public static SortedSet<string> ExpectedFirstContacts(int participants)
    {
        var model = DecisionPresets.Get(Model).Model;
        var evaluator = new DecisionEvaluator(model);
        var cost = model.Interventions[0].Cost;
        var contacted = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < participants; i++)
        {
            if (evaluator.InterventionValue(Belief.Create(WeekZeroBelief(i))) > cost)
            {
                contacted.Add(ParticipantId(i));
            }
        }

        return contacted;
    }

    /// <summary>The contact notifications of cycle <paramref name="cycle"/> in the outbox.</summary>
    public static async Task<List<Notification>> ContactNotificationsAsync(ICrowdsourcingStore store, int cycle)
    {
        var prefix = $"contact:{CampaignId}:{cycle}:";
        var found = new List<Notification>();
        await foreach (var notification in store.Outbox.ListAsync(PageRequest.All))
        {
            if (notification.Id.StartsWith(prefix, StringComparison.Ordinal))
            {
                Assert.Equal("contact", notification.Kind);
                found.Add(notification);
            }
        }

        return found;
    }

    /// <summary>The campaign's stored beliefs, by participant.</summary>
    public static async Task<Dictionary<string, ParticipantBelief>> BeliefsAsync(ICrowdsourcingStore store)
    {
        var beliefs = new Dictionary<string, ParticipantBelief>(StringComparer.Ordinal);
        await foreach (var belief in store.Beliefs.ListAsync(CampaignId, PageRequest.All))
        {
            beliefs.Add(belief.ParticipantId, belief);
        }

        return beliefs;
    }

    public static async Task<int> NotificationCountAsync(ICrowdsourcingStore store)
    {
        var count = 0;
        await foreach (var _ in store.Outbox.ListAsync(PageRequest.All))
        {
            count++;
        }

        return count;
    }

    public static string Json(DecisionCycleRecord record) => CrowdsourcingJson.Serialize(record);

    /// <summary>
    /// Checks that cycle <paramref name="cycle"/> is stored whole: its record, every participant's belief of that
    /// week, and exactly one contact notification per contact in the record (and none for anybody else).
    /// </summary>
    public static async Task<DecisionCycleRecord> AssertWholeCycleAsync(ICrowdsourcingStore store, int cycle, int participants)
    {
        var record = await store.Cycles.FindAsync(CampaignId, cycle);
        Assert.NotNull(record);
        var contacted = record.Contacts.Select(c => c.ParticipantId).ToList();
        Assert.Equal(contacted.Count, contacted.Distinct(StringComparer.Ordinal).Count());
        var notifications = await ContactNotificationsAsync(store, cycle);
        Assert.Equal(contacted.Count, notifications.Count);
        Assert.Equal(contacted.Order(StringComparer.Ordinal), notifications.Select(n => n.RecipientId).Order(StringComparer.Ordinal));
        var beliefs = await BeliefsAsync(store);
        Assert.Equal(participants, beliefs.Count);
        Assert.All(beliefs.Values, b => Assert.Equal(cycle, b.Week));
        return record;
    }
}

/// <summary>
/// Issue 7, "several instances", at the runtime level: two host instances (service providers with their own stores
/// and connection pools, their own clocks) run the same decision cycle at the same moment, for cycle 1, then cycle 2,
/// then cycle 1 again. Each cycle is recorded once, each selected participant gets exactly one contact notification
/// per cycle, and both callers are given the same recorded cycle.
/// </summary>
internal static class SeveralInstancesScenario
{
    public static async Task RunAsync(IReadOnlyList<IServiceProvider> instances, int participants)
    {
        Assert.Equal(2, instances.Count);
        var stores = instances.Select(i => i.GetRequiredService<ICrowdsourcingStore>()).ToArray();
        Assert.NotSame(stores[0], stores[1]);
        await CycleCampaign.SeedAsync(stores[0], participants);
        var expectedFirst = CycleCampaign.ExpectedFirstContacts(participants);
        Assert.InRange(expectedFirst.Count, 1, participants - 1);

        var first = await RunTogetherAsync(instances, 1);
        Assert.Equal(expectedFirst, new SortedSet<string>(first.Record.Contacts.Select(c => c.ParticipantId), StringComparer.Ordinal));
        await CycleCampaign.AssertWholeCycleAsync(stores[1], 1, participants);

        var second = await RunTogetherAsync(instances, 2);
        Assert.NotEmpty(second.Record.Contacts);
        await CycleCampaign.AssertWholeCycleAsync(stores[0], 2, participants);
        var notificationsAfterTwo = await CycleCampaign.NotificationCountAsync(stores[0]);
        Assert.Equal(first.Record.Contacts.Count + second.Record.Contacts.Count, notificationsAfterTwo);

        // Cycle 1 again, on both at once: already recorded, so both get the stored record and nobody is contacted again.
        var rerun = await Task.WhenAll(instances.Select(i => i.GetRequiredService<IDecisionCycleService>().RunCycleAsync(CycleCampaign.CampaignId, 1).AsTask()));
        Assert.All(rerun, o =>
        {
            Assert.True(o.AlreadyRecorded);
            Assert.Equal(CycleCampaign.Json(first.Record), CycleCampaign.Json(o.Record));
        });
        Assert.Equal(notificationsAfterTwo, await CycleCampaign.NotificationCountAsync(stores[1]));
        Assert.Equal(first.Record.Contacts.Count, (await CycleCampaign.ContactNotificationsAsync(stores[1], 1)).Count);
        var cycles = new List<DecisionCycleRecord>();
        await foreach (var record in stores[1].Cycles.ListAsync(CycleCampaign.CampaignId))
        {
            cycles.Add(record);
        }

        Assert.Equal([1, 2], cycles.Select(c => c.Cycle));
    }

    /// <summary>Runs cycle <paramref name="cycle"/> on every instance at the same moment; checks that exactly one ran it
    /// and that both were given the stored record, and returns the outcome of the one that ran it.</summary>
    private static async Task<DecisionCycleOutcome> RunTogetherAsync(IReadOnlyList<IServiceProvider> instances, int cycle)
    {
        // Instance i decides cycle t at its due time plus i seconds, so the stored DecidedAt says which instance ran it.
        var clocks = instances.Select((instance, i) =>
        {
            var clock = Assert.IsType<TestClock>(instance.GetRequiredService<TimeProvider>());
            clock.Now = CycleCampaign.At(cycle, i);
            return clock.Now;
        }).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = instances.Select(instance => Task.Run(async () =>
        {
            var service = instance.GetRequiredService<IDecisionCycleService>();
            await start.Task;
            return await service.RunCycleAsync(CycleCampaign.CampaignId, cycle);
        })).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(runs);

        var ran = Assert.Single(outcomes, o => !o.AlreadyRecorded);
        var other = Assert.Single(outcomes, o => o.AlreadyRecorded);
        var stored = await instances[0].GetRequiredService<ICrowdsourcingStore>().Cycles.FindAsync(CycleCampaign.CampaignId, cycle);
        Assert.NotNull(stored);
        Assert.Equal(CycleCampaign.Json(stored), CycleCampaign.Json(ran.Record));
        Assert.Equal(CycleCampaign.Json(stored), CycleCampaign.Json(other.Record));
        Assert.Equal(ran.Contacts.Select(c => c.ParticipantId).Order(StringComparer.Ordinal), other.Contacts.Select(c => c.ParticipantId).Order(StringComparer.Ordinal));

        // The one that says it ran the cycle is the one whose clock the stored record carries.
        Assert.Equal(stored.DecidedAt, clocks[Array.IndexOf(outcomes, ran)]);
        return ran;
    }
}

/// <summary>
/// Issue 7, "crash safety", at the runtime level: what the parent checks after the child running cycle 1 was killed
/// (all of the cycle or none of it), and the rerun that completes it.
/// </summary>
internal static class CycleCrashScenario
{
    /// <summary>Checks that the database holds cycle 1 whole or not at all.</summary>
    /// <returns>Whether the cycle was recorded.</returns>
    public static async Task<bool> AssertAllOrNothingAsync(ICrowdsourcingStore store, int participants)
    {
        var record = await store.Cycles.FindAsync(CycleCampaign.CampaignId, 1);
        var beliefs = await CycleCampaign.BeliefsAsync(store);
        var notifications = await CycleCampaign.NotificationCountAsync(store);
        var weeks = beliefs.Values.GroupBy(b => b.Week).ToDictionary(g => g.Key, g => g.Count());
        var summary = $"cycle recorded: {record is not null}; beliefs by week: {string.Join(", ", weeks.Select(w => $"week {w.Key}: {w.Value}"))}; notifications: {notifications}.";
        Assert.Equal(participants, beliefs.Count);
        if (record is null)
        {
            Assert.True(weeks.Keys.SequenceEqual([0]) && notifications == 0, "After the kill the database holds part of the cycle: " + summary);
            return false;
        }

        Assert.True(weeks.Keys.SequenceEqual([1]) && notifications == record.Contacts.Count, "After the kill the database holds part of the cycle: " + summary);
        await CycleCampaign.AssertWholeCycleAsync(store, 1, participants);
        return true;
    }

    /// <summary>Reruns cycle 1 in the parent: it completes the cycle (or finds it recorded) and contacts nobody twice.</summary>
    public static async Task RerunAsync(IServiceProvider host, bool recordedBefore, int participants)
    {
        var store = host.GetRequiredService<ICrowdsourcingStore>();
        var outcome = await host.GetRequiredService<IDecisionCycleService>().RunCycleAsync(CycleCampaign.CampaignId, 1);

        Assert.Equal(recordedBefore, outcome.AlreadyRecorded);
        var record = await CycleCampaign.AssertWholeCycleAsync(store, 1, participants);
        Assert.Equal(CycleCampaign.ExpectedFirstContacts(participants), new SortedSet<string>(record.Contacts.Select(c => c.ParticipantId), StringComparer.Ordinal));
        Assert.Equal(record.Contacts.Count, await CycleCampaign.NotificationCountAsync(store));

        // And once more: nothing changes.
        var again = await host.GetRequiredService<IDecisionCycleService>().RunCycleAsync(CycleCampaign.CampaignId, 1);
        Assert.True(again.AlreadyRecorded);
        Assert.Equal(record.Contacts.Count, await CycleCampaign.NotificationCountAsync(store));
    }
}

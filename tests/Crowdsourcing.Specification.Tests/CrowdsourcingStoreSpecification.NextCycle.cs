using Crowdsourcing.Access;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Specification.Tests.Durable;
using Crowdsourcing.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// "Run the next cycle" is one atomic step on every provider: the runtime's decision cycle over this store.
public abstract partial class CrowdsourcingStoreSpecification
{
    [Fact]
    public async Task Concurrent_calls_to_run_the_next_cycle_record_exactly_one_cycle_and_the_others_get_it_back_as_already_recorded()
    {
        const int participants = 60;
        const int callers = 6;
        var services = new ServiceCollection();
        ConfigureServices(services);
        CycleCampaign.AddTo(
            services,
            b =>
            {
                ConfigureProvider(b);
                return b;
            },
            CycleCampaign.At(1, 30));

        // The organiser who runs the cycles acts here (the host's own accessor is the runtime's).
        services.AddSingleton<IActorAccessor>(new AmbientActorAccessor());
        await using var host = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var store = host.GetRequiredService<ICrowdsourcingStore>();
        await CycleCampaign.SeedAsync(store, participants);
        var cycles = host.GetRequiredService<IDecisionCycleService>();
        using var organiser = ActorContext.Use(new Actor("organiser", roles: [ActorRoles.Administrator]));

        // Cycle 1 is due (cycle 2 is not): the callers record it once, and nobody is contacted twice.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () => await cycles.RunNextCycleAsync(CycleCampaign.CampaignId))));
        Assert.All(outcomes, o => Assert.Equal(1, o.Cycle));
        Assert.Single(outcomes, o => !o.AlreadyRecorded);
        Assert.Equal(1, (await store.Cycles.FindLatestAsync(CycleCampaign.CampaignId))!.Cycle);
        var expected = CycleCampaign.ExpectedFirstContacts(participants);
        Assert.Equal(expected, new SortedSet<string>((await CycleCampaign.ContactNotificationsAsync(store, 1)).Select(n => n.RecipientId), StringComparer.Ordinal));
        Assert.Equal(expected.Count, await CycleCampaign.NotificationCountAsync(store));
        Assert.All(outcomes, o => Assert.Equal(CycleCampaign.Json(outcomes.Single(x => !x.AlreadyRecorded).Record), CycleCampaign.Json(o.Record)));

        // Asked again before cycle 2 is due: nothing runs, cycle 1 comes back with when cycle 2 is due.
        var again = await cycles.RunNextCycleAsync(CycleCampaign.CampaignId);
        Assert.True(again.AlreadyRecorded);
        Assert.Equal(1, again.Cycle);
        Assert.Equal(CycleCampaign.At(2), again.NextDueAt);
        Assert.Null((await store.Cycles.FindAsync(CycleCampaign.CampaignId, 2)));

        // Half a minute later, forced at once by several callers: one cycle 2, recorded as forced by the organiser.
        var clock = (TestClock)host.GetRequiredService<TimeProvider>();
        clock.Now = CycleCampaign.At(1, 60);
        var forced = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () => await cycles.RunNextCycleAsync(CycleCampaign.CampaignId, force: true))));
        Assert.All(forced, o => Assert.Equal(2, o.Cycle));
        Assert.Single(forced, o => !o.AlreadyRecorded);
        var second = (await store.Cycles.FindLatestAsync(CycleCampaign.CampaignId))!;
        Assert.Equal(2, second.Cycle);
        Assert.Equal("organiser", second.ForcedBy);
        Assert.Equal("myopic", second.Policy);
        Assert.Equal(1, second.ModelVersion);
        Assert.Equal(expected.Count + second.Contacts.Count, await CycleCampaign.NotificationCountAsync(store));

        // Weeks behind the schedule (cycles 3 and 4 due): simultaneous callers record cycle 3 once, and a call seconds
        // later gets it back (within the minimum interval) instead of contacting the same people again for cycle 4.
        clock.Now = CycleCampaign.At(4, 30);
        var overdue = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () => await cycles.RunNextCycleAsync(CycleCampaign.CampaignId))));
        Assert.All(overdue, o => Assert.Equal(3, o.Cycle));
        Assert.Single(overdue, o => !o.AlreadyRecorded);
        clock.Now = CycleCampaign.At(4, 40);
        var soon = await cycles.RunNextCycleAsync(CycleCampaign.CampaignId);
        Assert.True(soon.AlreadyRecorded);
        Assert.Equal(3, soon.Cycle);
        Assert.Null(await store.Cycles.FindAsync(CycleCampaign.CampaignId, 4));
        clock.Now = CycleCampaign.At(4, 120);
        var fourth = await cycles.RunNextCycleAsync(CycleCampaign.CampaignId);
        Assert.False(fourth.AlreadyRecorded);
        Assert.Equal(4, fourth.Cycle);
        Assert.Null(fourth.Record.ForcedBy);
    }
}

/// <summary>Who acts: the actor of <see cref="ActorContext"/>.</summary>
internal sealed class AmbientActorAccessor : IActorAccessor
{
    public Actor? Current => ActorContext.Current;
}

// The campaign's interventions route its contacts: an escalation goes to the participant's manager, written in the
// cycle's one batch, and the record keeps why each participant was contacted.
public abstract partial class CrowdsourcingStoreSpecification
{
    [Fact]
    public async Task An_escalation_goes_to_the_participants_manager_and_the_stored_cycle_keeps_why_each_was_contacted()
    {
        const int participants = 40;
        await using var host = CycleCampaign.BuildHost(
            b =>
            {
                ConfigureProvider(b);
                return b;
            },
            CycleCampaign.At(1, 5));
        var store = host.GetRequiredService<ICrowdsourcingStore>();
        await CycleCampaign.SeedAsync(store, participants);

        // Every other participant has a manager; the model's intervention is an escalation.
        var managed = Enumerable.Range(0, participants).Where(i => i % 2 == 0).ToDictionary(CycleCampaign.ParticipantId, i => $"manager-{i:000}");
        var crowd = Enumerable.Range(0, participants)
            .Select(i => new Participant(CycleCampaign.ParticipantId(i), $"Expert {i}", CrowdLayer.Internal, $"{CycleCampaign.ParticipantId(i)}@example.com", managerId: managed.GetValueOrDefault(CycleCampaign.ParticipantId(i))))
            .ToList();
        await store.Participants.UpsertAsync(crowd, "seed", CycleCampaign.At(0));
        var campaign = (await store.Campaigns.FindAsync(CycleCampaign.CampaignId))!;
        var intervention = DecisionPresets.Get(CycleCampaign.Model).Model.Interventions[0].Name;
        await store.Campaigns.UpdateAsync(campaign with
        {
            Decision = new CampaignDecisionSettings { Interventions = [new InterventionSetting(intervention, InterventionEffect.Escalation)] },
        });

        var outcome = await host.GetRequiredService<IDecisionCycleService>().RunCycleAsync(CycleCampaign.CampaignId, 1);

        var expected = CycleCampaign.ExpectedFirstContacts(participants);
        Assert.Equal(expected, new SortedSet<string>(outcome.Record.Contacts.Select(c => c.ParticipantId), StringComparer.Ordinal));
        Assert.Contains(expected, managed.ContainsKey);
        Assert.Contains(expected, id => !managed.ContainsKey(id));
        var notifications = await CycleCampaign.ContactNotificationsAsync(store, 1);
        Assert.Equal(expected.Count, notifications.Count);
        foreach (var notification in notifications)
        {
            var participant = notification.Id[$"contact:{CycleCampaign.CampaignId}:1:".Length..];
            Assert.Contains(participant, expected);
            if (managed.TryGetValue(participant, out var manager))
            {
                Assert.Equal(manager, notification.RecipientId);
                Assert.Contains(participant, notification.Subject, StringComparison.Ordinal);
                Assert.Contains("whom you manage", notification.Body, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(participant, notification.RecipientId);
                Assert.Contains("your knowledge request", notification.Body, StringComparison.Ordinal);
            }
        }

        var stored = (await store.Cycles.FindAsync(CycleCampaign.CampaignId, 1))!;
        Assert.Equal("myopic", stored.Policy);
        Assert.Equal(1, stored.ModelVersion);
        Assert.Null(stored.ForcedBy);
        Assert.Equal(outcome.Spend, stored.Spend!.Value, 9);
        Assert.All(stored.Contacts, c => Assert.StartsWith($"value ", c.Reason, StringComparison.Ordinal));
        Assert.Equal(outcome.Record.Contacts.Select(c => c.Reason), stored.Contacts.Select(c => c.Reason));
        Assert.All(outcome.Contacts, c => Assert.Contains($"with {intervention}, cost ", c.Reason, StringComparison.Ordinal));
    }
}

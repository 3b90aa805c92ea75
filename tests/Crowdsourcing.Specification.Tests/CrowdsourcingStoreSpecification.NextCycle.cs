using Crowdsourcing.Access;
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
        ((TestClock)host.GetRequiredService<TimeProvider>()).Now = CycleCampaign.At(1, 60);
        var forced = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () => await cycles.RunNextCycleAsync(CycleCampaign.CampaignId, force: true))));
        Assert.All(forced, o => Assert.Equal(2, o.Cycle));
        Assert.Single(forced, o => !o.AlreadyRecorded);
        var second = (await store.Cycles.FindLatestAsync(CycleCampaign.CampaignId))!;
        Assert.Equal(2, second.Cycle);
        Assert.Equal("organiser", second.ForcedBy);
        Assert.Equal("myopic", second.Policy);
        Assert.Equal(1, second.ModelVersion);
        Assert.Equal(expected.Count + second.Contacts.Count, await CycleCampaign.NotificationCountAsync(store));
    }
}

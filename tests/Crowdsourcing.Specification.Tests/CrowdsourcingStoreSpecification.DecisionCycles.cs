using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The conformance tests of IDecisionCycleStore: cycles keyed by (campaign, cycle), recorded through commits.
public abstract partial class CrowdsourcingStoreSpecification
{
    [Fact]
    public async Task Find_returns_a_committed_cycle_with_its_contacts_and_utility()
    {
        var cycle = Cycle("c-1", 1, "p-2", "p-1");
        await Store.CommitAsync(new ChangeSet().RecordCycle(cycle));

        var found = await Cycles.FindAsync("c-1", 1);

        Assert.NotNull(found);
        Assert.Equal(Json(cycle), Json(found));
        Assert.Equal(["p-2", "p-1"], found.Contacts.Select(c => c.ParticipantId));
    }

    [Fact]
    public async Task Find_FindLatest_and_List_of_a_campaign_without_cycles_find_nothing()
    {
        await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-1", 1)));

        Assert.Null(await Cycles.FindAsync("c-1", 2));
        Assert.Null(await Cycles.FindAsync("c-2", 1));
        Assert.Null(await Cycles.FindLatestAsync("c-2"));
        Assert.Empty(await ToListAsync(Cycles.ListAsync("c-2")));
    }

    [Fact]
    public async Task FindLatest_returns_the_highest_cycle_even_when_cycles_were_recorded_out_of_order()
    {
        await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-1", 1)));
        await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-1", 3)));
        await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-1", 2)));
        await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-2", 9)));

        Assert.Equal(3, (await Cycles.FindLatestAsync("c-1"))!.Cycle);
        Assert.Equal(9, (await Cycles.FindLatestAsync("c-2"))!.Cycle);
    }

    [Fact]
    public async Task List_yields_a_campaign_s_cycles_in_cycle_order()
    {
        foreach (var n in new[] { 10, 2, 1, 3 })
        {
            await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-1", n, $"p-{n}")));
        }

        await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-2", 5)));

        var listed = await ToListAsync(Cycles.ListAsync("c-1"));

        Assert.Equal([1, 2, 3, 10], listed.Select(c => c.Cycle));
        Assert.Equal(Json(Cycle("c-1", 10, "p-10")), Json(listed[^1]));
    }

    [Fact]
    public async Task The_same_cycle_number_is_recorded_separately_for_each_campaign()
    {
        var first = await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-1", 1, "p-1")));
        var second = await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-2", 1, "p-2")));

        Assert.True(first.Applied);
        Assert.True(second.Applied);
        Assert.Equal("p-2", (await Cycles.FindAsync("c-2", 1))!.Contacts[0].ParticipantId);
    }

    [Fact]
    public async Task Find_FindLatest_and_List_with_a_cancelled_token_throw()
    {
        await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-1", 1)));

        await AssertCancelledAsync(() => Cycles.FindAsync("c-1", 1, Cancelled));
        await AssertCancelledAsync(() => Cycles.FindLatestAsync("c-1", Cancelled));
        await AssertCancelledAsync(Cycles.ListAsync("c-1", Cancelled));
    }
}

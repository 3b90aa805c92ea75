using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The conformance tests of IBeliefStore: one belief per (campaign, participant), later week wins.
public abstract partial class CrowdsourcingStoreSpecification
{
    [Fact]
    public async Task Save_then_Find_returns_the_belief_with_exact_probabilities()
    {
        var belief = new ParticipantBelief("c-1", "p-1", 3, [0.1, 0.2, 0.7]);
        var third = new ParticipantBelief("c-1", "p-2", 0, [1.0 / 3, 1.0 / 3, 1 - (2.0 / 3)]);

        Assert.Equal(2, await Beliefs.SaveAsync([belief, third]));

        Assert.Equal(Json(belief), Json((await Beliefs.FindAsync("c-1", "p-1"))!));
        Assert.Equal(Json(third), Json((await Beliefs.FindAsync("c-1", "p-2"))!));
        Assert.Equal(third.Probabilities, (await Beliefs.FindAsync("c-1", "p-2"))!.Probabilities);
    }

    [Fact]
    public async Task Find_returns_null_when_no_belief_is_stored_for_the_campaign_and_participant()
    {
        await Beliefs.SaveAsync([Belief("c-1", "p-1", 0)]);

        Assert.Null(await Beliefs.FindAsync("c-1", "p-2"));
        Assert.Null(await Beliefs.FindAsync("c-2", "p-1"));
    }

    [Fact]
    public async Task Beliefs_are_keyed_by_campaign_and_participant()
    {
        await Beliefs.SaveAsync([Belief("c-1", "p-1", 1, poor: 0.9, fair: 0.05), Belief("c-2", "p-1", 4, poor: 0.1, fair: 0.1)]);

        Assert.Equal(1, (await Beliefs.FindAsync("c-1", "p-1"))!.Week);
        Assert.Equal(4, (await Beliefs.FindAsync("c-2", "p-1"))!.Week);
        Assert.Equal(0.9, (await Beliefs.FindAsync("c-1", "p-1"))!.Probabilities[0]);
    }

    [Fact]
    public async Task A_later_week_replaces_the_stored_belief()
    {
        await Beliefs.SaveAsync([Belief("c-1", "p-1", 1, poor: 0.5)]);

        Assert.Equal(1, await Beliefs.SaveAsync([Belief("c-1", "p-1", 2, poor: 0.1)]));

        var stored = await Beliefs.FindAsync("c-1", "p-1");
        Assert.Equal(2, stored!.Week);
        Assert.Equal(0.1, stored.Probabilities[0]);
    }

    [Fact]
    public async Task The_same_week_replaces_the_stored_belief()
    {
        await Beliefs.SaveAsync([Belief("c-1", "p-1", 2, poor: 0.5)]);

        Assert.Equal(1, await Beliefs.SaveAsync([Belief("c-1", "p-1", 2, poor: 0.4)]));

        Assert.Equal(0.4, (await Beliefs.FindAsync("c-1", "p-1"))!.Probabilities[0]);
    }

    [Fact]
    public async Task An_older_week_is_skipped_not_counted_and_leaves_the_stored_belief()
    {
        await Beliefs.SaveAsync([Belief("c-1", "p-1", 5, poor: 0.05)]);

        var written = await Beliefs.SaveAsync([Belief("c-1", "p-1", 4, poor: 0.6), Belief("c-1", "p-2", 4, poor: 0.6)]);

        Assert.Equal(1, written);
        var stored = await Beliefs.FindAsync("c-1", "p-1");
        Assert.Equal(5, stored!.Week);
        Assert.Equal(0.05, stored.Probabilities[0]);
        Assert.Equal(4, (await Beliefs.FindAsync("c-1", "p-2"))!.Week);
    }

    [Fact]
    public async Task Within_one_batch_the_later_week_wins_whatever_the_order()
    {
        var written = await Beliefs.SaveAsync([Belief("c-1", "p-1", 3, poor: 0.3), Belief("c-1", "p-1", 1, poor: 0.9, fair: 0.05), Belief("c-1", "p-2", 1, poor: 0.9, fair: 0.05), Belief("c-1", "p-2", 3, poor: 0.3)]);

        Assert.Equal(3, written);
        Assert.Equal(3, (await Beliefs.FindAsync("c-1", "p-1"))!.Week);
        Assert.Equal(3, (await Beliefs.FindAsync("c-1", "p-2"))!.Week);
        Assert.Equal(0.3, (await Beliefs.FindAsync("c-1", "p-2"))!.Probabilities[0]);
    }

    [Fact]
    public async Task Saving_an_empty_batch_writes_nothing()
    {
        Assert.Equal(0, await Beliefs.SaveAsync([]));
        Assert.Empty(await ToListAsync(Beliefs.ListAsync("c-1", PageRequest.All)));
    }

    [Fact]
    public async Task A_batch_with_a_null_belief_is_refused_and_writes_nothing()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await Beliefs.SaveAsync([Belief("c-1", "p-1", 0), null!]));

        Assert.Null(await Beliefs.FindAsync("c-1", "p-1"));
    }

    [Fact]
    public async Task List_yields_the_campaign_s_beliefs_ordered_by_participant_id_with_keyset_paging()
    {
        var participants = Enumerable.Range(0, 30).Select(i => $"p-{i * 11 % 30:D2}").ToArray();
        await Beliefs.SaveAsync(participants.Select(p => Belief("c-1", p, 1)).Append(Belief("c-2", "p-99", 1)).ToList());

        var all = await ToListAsync(Beliefs.ListAsync("c-1", PageRequest.All));
        var first = await ToListAsync(Beliefs.ListAsync("c-1", PageRequest.First(12)));
        var second = await ToListAsync(Beliefs.ListAsync("c-1", new PageRequest(first[^1].ParticipantId, 12)));
        var third = await ToListAsync(Beliefs.ListAsync("c-1", new PageRequest(second[^1].ParticipantId, 12)));

        Assert.Equal(participants.Order(CodePointComparer.Instance), all.Select(b => b.ParticipantId));
        Assert.All(all, b => Assert.Equal("c-1", b.CampaignId));
        Assert.Equal(all.Select(b => b.ParticipantId), first.Concat(second).Concat(third).Select(b => b.ParticipantId));
        Assert.Equal(6, third.Count);
        Assert.Empty(await ToListAsync(Beliefs.ListAsync("c-3", PageRequest.All)));
    }

    [Fact]
    public async Task A_campaign_of_5000_beliefs_saves_in_one_call_and_lists_back_whole()
    {
        var beliefs = Enumerable.Range(0, 5000).Select(i => Belief("c-big", $"p-{i:D5}", 2, poor: (i % 10) / 20.0, fair: 0.25)).ToList();

        Assert.Equal(5000, await Beliefs.SaveAsync(beliefs));

        var listed = new List<ParticipantBelief>();
        string? after = null;
        while (true)
        {
            var page = await ToListAsync(Beliefs.ListAsync("c-big", new PageRequest(after, 1000)));
            if (page.Count == 0)
            {
                break;
            }

            listed.AddRange(page);
            after = page[^1].ParticipantId;
        }

        Assert.Equal(beliefs.Select(Json), listed.Select(Json));
    }

    [Fact]
    public async Task Returned_beliefs_share_no_state_with_the_store()
    {
        var belief = Belief("c-1", "p-1", 1);
        await Beliefs.SaveAsync([belief]);
        var expected = Json(belief);

        ((IList<double>)belief.Probabilities)[0] = 42;
        var found = await Beliefs.FindAsync("c-1", "p-1");
        ((IList<double>)found!.Probabilities)[0] = 43;
        var listed = await ToListAsync(Beliefs.ListAsync("c-1", PageRequest.All));
        ((IList<double>)listed[0].Probabilities)[0] = 44;

        Assert.Equal(expected, Json((await Beliefs.FindAsync("c-1", "p-1"))!));
    }

    [Fact]
    public async Task Save_with_a_cancelled_token_throws_and_writes_nothing()
    {
        await AssertCancelledAsync(() => Beliefs.SaveAsync([Belief("c-1", "p-1", 0)], Cancelled));

        Assert.Null(await Beliefs.FindAsync("c-1", "p-1"));
    }

    [Fact]
    public async Task Find_and_List_with_a_cancelled_token_throw()
    {
        await Beliefs.SaveAsync([Belief("c-1", "p-1", 0)]);

        await AssertCancelledAsync(() => Beliefs.FindAsync("c-1", "p-1", Cancelled));
        await AssertCancelledAsync(Beliefs.ListAsync("c-1", PageRequest.All, Cancelled));
    }
}

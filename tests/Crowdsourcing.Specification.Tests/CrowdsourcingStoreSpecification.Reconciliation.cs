using Crowdsourcing.Reconciliation;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The conformance tests of IReconciliationStore: gold answers, expert reliabilities per campaign and source, decisions.
public abstract partial class CrowdsourcingStoreSpecification
{
    private static readonly DateTimeOffset MarkedAt = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private static ExpertReliability Reliability(string campaign, string question, string participant, ReliabilitySource source = ReliabilitySource.Learned, double skill = 0.8) =>
        new(campaign, question, participant, source, "dawid-skene", ["cloud", "on-premises"], [skill, 1 - skill, 0.25, 0.75], skill, skill - 0.1, Math.Min(1, skill + 0.1), 12, "organiser-1", MarkedAt);

    private static AnotherAnswerDecision Decision(string campaign, string id, bool asked = true) =>
        new(id, campaign, "acme", "w2-q1", asked, 0.12, 0.05, "value 0.12 > cost 0.05: ask", "organiser-1", MarkedAt) { ParticipantId = "carol", AssignmentId = asked ? "acme-carol" : null };

    [Fact]
    public async Task A_gold_answer_is_stored_replaced_listed_in_subject_and_question_order_and_removed()
    {
        await Reconciliation.SetGoldAsync(new GoldAnswer("c-1", "zeta", "q-1", "cloud", "organiser-1", MarkedAt));
        await Reconciliation.SetGoldAsync(new GoldAnswer("c-1", "acme", "q-2", "cloud", "organiser-1", MarkedAt));
        await Reconciliation.SetGoldAsync(new GoldAnswer("c-1", "acme", "q-1", "cloud", "organiser-1", MarkedAt));
        await Reconciliation.SetGoldAsync(new GoldAnswer("c-2", "acme", "q-1", "cloud", "organiser-1", MarkedAt));
        var replaced = await Reconciliation.SetGoldAsync(new GoldAnswer("c-1", "acme", "q-1", "on-premises", "organiser-2", MarkedAt.AddHours(1)));

        var listed = await ToListAsync(Reconciliation.ListGoldAsync("c-1"));

        Assert.Equal([("acme", "q-1"), ("acme", "q-2"), ("zeta", "q-1")], listed.Select(g => (g.SubjectId, g.QuestionId)));
        Assert.Equal(replaced, listed[0]);
        Assert.Equal("on-premises", listed[0].Value);
        Assert.Equal("organiser-2", listed[0].MarkedBy);
        Assert.True(await Reconciliation.RemoveGoldAsync("c-1", "acme", "q-1"));
        Assert.False(await Reconciliation.RemoveGoldAsync("c-1", "acme", "q-1"));
        Assert.Equal(2, (await ToListAsync(Reconciliation.ListGoldAsync("c-1"))).Count);
        Assert.Single(await ToListAsync(Reconciliation.ListGoldAsync("c-2")));
        Assert.Empty(await ToListAsync(Reconciliation.ListGoldAsync("c-3")));
    }

    [Fact]
    public async Task Reliabilities_replace_only_their_campaign_and_source_and_list_by_question_then_participant()
    {
        await Reconciliation.ReplaceReliabilitiesAsync("c-1", ReliabilitySource.Learned, [Reliability("c-1", "q-1", "zed"), Reliability("c-1", "q-1", "amy")]);
        await Reconciliation.ReplaceReliabilitiesAsync("c-1", ReliabilitySource.Seed, [Reliability("c-1", "q-1", "amy", ReliabilitySource.Seed) with { SeededFrom = "c-0" }]);
        await Reconciliation.ReplaceReliabilitiesAsync("c-2", ReliabilitySource.Learned, [Reliability("c-2", "q-1", "amy")]);
        await Reconciliation.ReplaceReliabilitiesAsync("c-1", ReliabilitySource.Learned, [Reliability("c-1", "q-2", "bob", skill: 0.6), Reliability("c-1", "q-1", "zed", skill: 0.75), Reliability("c-1", "q-1", "~emile")]);

        var learned = await ToListAsync(Reconciliation.ListReliabilitiesAsync("c-1", ReliabilitySource.Learned));
        var seeds = await ToListAsync(Reconciliation.ListReliabilitiesAsync("c-1", ReliabilitySource.Seed));

        Assert.Equal([("q-1", "zed"), ("q-1", "~emile"), ("q-2", "bob")], learned.Select(r => (r.QuestionId, r.ParticipantId)));
        Assert.Equal(0.75, learned[0].Skill);
        Assert.Equal([0.75, 0.25, 0.25, 0.75], learned[0].Confusion);
        Assert.Equal(["cloud", "on-premises"], learned[0].Labels);
        Assert.Equal(MarkedAt, learned[0].UpdatedAt);
        var seed = Assert.Single(seeds);
        Assert.Equal(("amy", "c-0", ReliabilitySource.Seed), (seed.ParticipantId, seed.SeededFrom, seed.Source));
        Assert.Single(await ToListAsync(Reconciliation.ListReliabilitiesAsync("c-2", ReliabilitySource.Learned)));

        await Reconciliation.ReplaceReliabilitiesAsync("c-1", ReliabilitySource.Learned, []);
        Assert.Empty(await ToListAsync(Reconciliation.ListReliabilitiesAsync("c-1", ReliabilitySource.Learned)));
        Assert.Single(await ToListAsync(Reconciliation.ListReliabilitiesAsync("c-1", ReliabilitySource.Seed)));
    }

    [Fact]
    public async Task A_refused_replacement_of_reliabilities_changes_nothing()
    {
        await Reconciliation.ReplaceReliabilitiesAsync("c-1", ReliabilitySource.Learned, [Reliability("c-1", "q-1", "amy")]);

        await Assert.ThrowsAsync<ArgumentException>(async () => await Reconciliation.ReplaceReliabilitiesAsync("c-1", ReliabilitySource.Learned, [Reliability("c-1", "q-1", "bob"), Reliability("c-1", "q-1", "bob")]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Reconciliation.ReplaceReliabilitiesAsync("c-1", ReliabilitySource.Learned, [Reliability("c-2", "q-1", "bob")]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Reconciliation.ReplaceReliabilitiesAsync("c-1", ReliabilitySource.Learned, [Reliability("c-1", "q-1", "bob", ReliabilitySource.Seed)]));

        Assert.Equal(["amy"], (await ToListAsync(Reconciliation.ListReliabilitiesAsync("c-1", ReliabilitySource.Learned))).Select(r => r.ParticipantId));
    }

    [Fact]
    public async Task A_decision_is_recorded_once_a_retry_is_recognised_and_other_content_under_its_id_is_a_duplicate()
    {
        Assert.True(await Reconciliation.RecordDecisionAsync(Decision("c-1", "0002")));
        Assert.True(await Reconciliation.RecordDecisionAsync(Decision("c-1", "0001", asked: false)));
        Assert.True(await Reconciliation.RecordDecisionAsync(Decision("c-2", "0001")));
        Assert.False(await Reconciliation.RecordDecisionAsync(Decision("c-1", "0002")));

        await Assert.ThrowsAsync<DuplicateRecordException>(async () => await Reconciliation.RecordDecisionAsync(Decision("c-1", "0002") with { Reason = "another reason" }));

        var listed = await ToListAsync(Reconciliation.ListDecisionsAsync("c-1"));
        Assert.Equal(["0001", "0002"], listed.Select(d => d.Id));
        Assert.Equal(Decision("c-1", "0002"), listed[1]);
        Assert.Null(listed[0].AssignmentId);
    }

    [Fact]
    public async Task A_commit_records_a_decision_with_the_request_it_asks_for_and_a_conflicting_decision_writes_neither()
    {
        var changes = new ChangeSet().Insert(SpecificationData.Assignment("acme-carol")).RecordDecision(Decision("c-1", "0001"));

        Assert.True((await Store.CommitAsync(changes)).Applied);
        Assert.NotNull(await Assignments.FindAsync("acme-carol"));
        Assert.Equal([Decision("c-1", "0001")], await ToListAsync(Reconciliation.ListDecisionsAsync("c-1")));

        // A retry of the same decision beside a new record is accepted; other content under its id fails the whole commit.
        Assert.True((await Store.CommitAsync(new ChangeSet().Insert(SpecificationData.Assignment("acme-dave")).RecordDecision(Decision("c-1", "0001")))).Applied);
        await Assert.ThrowsAsync<DuplicateRecordException>(async () => await Store.CommitAsync(new ChangeSet().Insert(SpecificationData.Assignment("acme-erin")).RecordDecision(Decision("c-1", "0001") with { Reason = "another reason" })));

        Assert.Null(await Assignments.FindAsync("acme-erin"));
        Assert.Equal([Decision("c-1", "0001")], await ToListAsync(Reconciliation.ListDecisionsAsync("c-1")));
        Assert.False(new ChangeSet().RecordDecision(Decision("c-1", "0002")).IsEmpty);
    }

    [Fact]
    public async Task Reconciliation_listings_and_writes_honour_a_cancelled_token()
    {
        await AssertCancelledAsync(Reconciliation.ListGoldAsync("c-1", Cancelled));
        await AssertCancelledAsync(Reconciliation.ListReliabilitiesAsync("c-1", ReliabilitySource.Learned, Cancelled));
        await AssertCancelledAsync(Reconciliation.ListDecisionsAsync("c-1", Cancelled));
        await AssertCancelledAsync(() => Reconciliation.SetGoldAsync(new GoldAnswer("c-1", "acme", "q-1", "cloud", "organiser-1", MarkedAt), Cancelled));
        await AssertCancelledAsync(() => Reconciliation.RecordDecisionAsync(Decision("c-1", "0001"), Cancelled));

        Assert.Empty(await ToListAsync(Reconciliation.ListGoldAsync("c-1")));
        Assert.Empty(await ToListAsync(Reconciliation.ListDecisionsAsync("c-1")));
    }
}

using Crowdsourcing.Assignments;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The conformance tests of IAssignmentStore, including its quality assessments.
public abstract partial class CrowdsourcingStoreSpecification
{
    [Fact]
    public async Task ListByCampaign_yields_the_campaign_s_assignments_in_id_order_with_paging()
    {
        await Assignments.InsertAsync(Assignment("a-3", "campaign-1"));
        await Assignments.InsertAsync(Assignment("a-1", "campaign-1"));
        await Assignments.InsertAsync(Assignment("a-2", "campaign-2"));
        await Assignments.InsertAsync(Assignment("a-0", "campaign-1"));

        Assert.Equal(["a-0", "a-1", "a-3"], (await ToListAsync(Assignments.ListByCampaignAsync("campaign-1", PageRequest.All))).Select(a => a.Id));
        Assert.Equal(["a-2"], (await ToListAsync(Assignments.ListByCampaignAsync("campaign-2", PageRequest.All))).Select(a => a.Id));
        Assert.Empty(await ToListAsync(Assignments.ListByCampaignAsync("campaign-3", PageRequest.All)));
        Assert.Equal(["a-1", "a-3"], (await ToListAsync(Assignments.ListByCampaignAsync("campaign-1", new PageRequest("a-0", 2)))).Select(a => a.Id));
    }

    [Fact]
    public async Task ListByParticipant_yields_assignments_the_participant_is_an_assignee_or_a_delegate_of()
    {
        await Assignments.InsertAsync(Assignment("a-1", assignees: ["alice"]));
        await Assignments.InsertAsync(Assignment("a-2", assignees: ["bob"], delegations: [Delegation("d-1", "bob", "alice")]));
        await Assignments.InsertAsync(Assignment("a-3", assignees: ["bob", "carol"]));
        await Assignments.InsertAsync(Assignment("a-4", assignees: ["alice-2"]));

        Assert.Equal(["a-1", "a-2"], (await ToListAsync(Assignments.ListByParticipantAsync("alice", PageRequest.All))).Select(a => a.Id));
        Assert.Equal(["a-2", "a-3"], (await ToListAsync(Assignments.ListByParticipantAsync("bob", PageRequest.All))).Select(a => a.Id));
        Assert.Equal(["a-3"], (await ToListAsync(Assignments.ListByParticipantAsync("carol", PageRequest.All))).Select(a => a.Id));
        Assert.Equal(["a-2"], (await ToListAsync(Assignments.ListByParticipantAsync("alice", new PageRequest("a-1", 10)))).Select(a => a.Id));
        Assert.Empty(await ToListAsync(Assignments.ListByParticipantAsync("dave", PageRequest.All)));
    }

    [Fact]
    public async Task ListByParticipant_follows_a_delegation_added_by_an_update()
    {
        var stored = (await Assignments.InsertAsync(Assignment("a-1", assignees: ["alice"]))).Record;
        Assert.Empty(await ToListAsync(Assignments.ListByParticipantAsync("bob", PageRequest.All)));

        await Assignments.UpdateAsync(stored with { Delegations = [Delegation("d-1", "alice", "bob")] });

        Assert.Equal(["a-1"], (await ToListAsync(Assignments.ListByParticipantAsync("bob", PageRequest.All))).Select(a => a.Id));
    }

    [Fact]
    public async Task ListAssessments_yields_an_assignment_s_assessments_oldest_first()
    {
        await Assignments.InsertAsync(Assignment("a-1"));
        await Assignments.InsertAsync(Assignment("a-2"));
        await Store.CommitAsync(new ChangeSet().Assess(Assessment("a-1", T0.AddDays(2), passed: true)).Assess(Assessment("a-2", T0)));
        await Store.CommitAsync(new ChangeSet().Assess(Assessment("a-1", T0.AddDays(1))));

        var assessments = await ToListAsync(Assignments.ListAssessmentsAsync("a-1"));

        Assert.Equal([T0.AddDays(1), T0.AddDays(2)], assessments.Select(a => a.AssessedAt));
        Assert.Equal(Json(Assessment("a-1", T0.AddDays(1))), Json(assessments[0]));
        Assert.Equal(Json(Assessment("a-1", T0.AddDays(2), passed: true)), Json(assessments[1]));
        Assert.Single(await ToListAsync(Assignments.ListAssessmentsAsync("a-2")));
        Assert.Empty(await ToListAsync(Assignments.ListAssessmentsAsync("a-3")));
    }

    [Fact]
    public async Task ListByCampaign_ListByParticipant_and_ListAssessments_with_a_cancelled_token_throw()
    {
        await Assignments.InsertAsync(Assignment("a-1"));
        await Store.CommitAsync(new ChangeSet().Assess(Assessment("a-1", T0)));

        await AssertCancelledAsync(Assignments.ListByCampaignAsync("campaign-1", PageRequest.All, Cancelled));
        await AssertCancelledAsync(Assignments.ListByParticipantAsync("participant-1", PageRequest.All, Cancelled));
        await AssertCancelledAsync(Assignments.ListAssessmentsAsync("a-1", Cancelled));
    }
}

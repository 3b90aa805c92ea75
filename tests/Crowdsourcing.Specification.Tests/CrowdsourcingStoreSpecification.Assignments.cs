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

    [Fact]
    public async Task Delete_removes_the_assignment_its_response_and_its_assessments_and_nothing_else()
    {
        await Store.CommitAsync(new ChangeSet()
            .Insert(Assignment("a-1", assignees: ["alice"], delegations: [Delegation("d-1", "alice", "bob")]))
            .Insert(Response("a-1", ("q-1", "yes")))
            .Insert(Assignment("a-2", assignees: ["alice"]))
            .Insert(Response("a-2", ("q-1", "no")))
            .Assess(Assessment("a-1", T0))
            .Assess(Assessment("a-2", T0))
            .Enqueue(Notification("n-1", "alice")));

        await Assignments.DeleteAsync("a-1", 1);

        Assert.Null(await Assignments.FindAsync("a-1"));
        Assert.Null(await Responses.FindAsync("a-1"));
        Assert.Empty(await ToListAsync(Assignments.ListAssessmentsAsync("a-1")));
        Assert.Equal(["a-2"], (await ToListAsync(Assignments.ListByParticipantAsync("alice", PageRequest.All))).Select(a => a.Id));
        Assert.Empty(await ToListAsync(Assignments.ListByParticipantAsync("bob", PageRequest.All)));
        Assert.Equal(["a-2"], (await ToListAsync(Assignments.ListByCampaignAsync("campaign-1", PageRequest.All))).Select(a => a.Id));
        Assert.NotNull(await Responses.FindAsync("a-2"));
        Assert.Single(await ToListAsync(Assignments.ListAssessmentsAsync("a-2")));
        Assert.NotNull(await Store.Outbox.FindAsync("n-1"));
    }

    [Fact]
    public async Task Delete_with_a_stale_version_throws_a_conflict_and_deletes_nothing()
    {
        var stored = (await Assignments.InsertAsync(Assignment("a-1"))).Record;
        await Responses.InsertAsync(Response("a-1", ("q-1", "yes")));
        await Assignments.UpdateAsync(stored with { Status = AssignmentStatus.Cancelled, ModifiedBy = "organiser" });

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Assignments.DeleteAsync("a-1", 1).AsTask());

        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Equal("organiser", conflict.ModifiedBy);
        Assert.Equal(2, (await Assignments.FindAsync("a-1"))!.Version);
        Assert.NotNull(await Responses.FindAsync("a-1"));
    }

    [Fact]
    public async Task Delete_of_a_missing_assignment_throws_not_found_also_when_retried()
    {
        await Assignments.InsertAsync(Assignment("a-1"));
        await Assignments.DeleteAsync("a-1", 1);

        await Assert.ThrowsAsync<NotFoundException>(() => Assignments.DeleteAsync("a-1", 1).AsTask());
        await Assert.ThrowsAsync<NotFoundException>(() => Assignments.DeleteAsync("a-9", 1).AsTask());
    }

    [Fact]
    public async Task A_deleted_assignment_s_id_can_be_used_again()
    {
        await Assignments.InsertAsync(Assignment("a-1", assignees: ["alice"]));
        await Assignments.DeleteAsync("a-1", 1);

        var again = await Assignments.InsertAsync(Assignment("a-1", assignees: ["carol"]));

        Assert.True(again.Inserted);
        Assert.Equal(1, again.Record.Version);
        Assert.Equal(["a-1"], (await ToListAsync(Assignments.ListByParticipantAsync("carol", PageRequest.All))).Select(a => a.Id));
        Assert.Empty(await ToListAsync(Assignments.ListByParticipantAsync("alice", PageRequest.All)));
    }

    [Fact]
    public async Task Delete_with_a_cancelled_token_throws_and_deletes_nothing()
    {
        await Assignments.InsertAsync(Assignment("a-1"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Assignments.DeleteAsync("a-1", 1, Cancelled).AsTask());

        Assert.NotNull(await Assignments.FindAsync("a-1"));
    }
}

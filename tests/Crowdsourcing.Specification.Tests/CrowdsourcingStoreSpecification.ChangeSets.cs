using Crowdsourcing.Assignments;
using Crowdsourcing.Crowd;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The conformance tests of ICrowdsourcingStore.CommitAsync: all or nothing, and a cycle recorded once.
public abstract partial class CrowdsourcingStoreSpecification
{
    [Fact]
    public async Task Commit_applies_every_part_of_the_change_set()
    {
        var assignment = (await Assignments.InsertAsync(Assignment("a-1"))).Record;
        var submitted = assignment with { Status = AssignmentStatus.Submitted, ModifiedBy = "alice", ModifiedAt = T0.AddDays(1) };
        var changes = new ChangeSet()
            .Insert(SpecificationData.NewTask("t-1"))
            .Update(submitted)
            .Insert(Response("a-1", ("w1-name", "Billing")))
            .Assess(Assessment("a-1", T0.AddDays(1)))
            .SaveBeliefs([Belief("c-1", "p-1", 1), Belief("c-1", "p-2", 1)])
            .Enqueue(Notification("n-1", "p-1"))
            .RecordCycle(Cycle("c-1", 1, "p-1"));

        var outcome = await Store.CommitAsync(changes);

        Assert.True(outcome.Applied);
        Assert.Null(outcome.ExistingCycle);
        Assert.Equal(["t-1", "a-1", "a-1"], outcome.Records.Select(r => r.Id));
        Assert.Equal([1L, 2L, 1L], outcome.Records.Select(r => r.Version));
        Assert.IsType<CrowdTask>(outcome.Records[0]);
        Assert.IsType<Assignment>(outcome.Records[1]);
        Assert.IsType<Response>(outcome.Records[2]);
        Assert.Equal(Json(SpecificationData.NewTask("t-1") with { Version = 1 }), Json((await Tasks.FindAsync("t-1"))!));
        Assert.Equal(Json(submitted with { Version = 2 }), Json((await Assignments.FindAsync("a-1"))!));
        Assert.Equal("Billing", (await Responses.FindAsync("a-1"))!.Find("w1-name")!.Value);
        Assert.Single(await ToListAsync(Assignments.ListAssessmentsAsync("a-1")));
        Assert.Equal(2, (await ToListAsync(Beliefs.ListAsync("c-1", PageRequest.All))).Count);
        Assert.Equal(1, (await Outbox.FindAsync("n-1"))!.Version);
        Assert.Equal(Json(Cycle("c-1", 1, "p-1")), Json((await Cycles.FindAsync("c-1", 1))!));
    }

    [Fact]
    public async Task Commit_of_an_empty_change_set_applies_nothing_and_succeeds()
    {
        var outcome = await Store.CommitAsync(new ChangeSet());

        Assert.True(outcome.Applied);
        Assert.Empty(outcome.Records);
    }

    [Fact]
    public async Task A_record_inserted_and_then_updated_in_one_change_set_ends_at_version_2()
    {
        var task = SpecificationData.NewTask("t-1");
        var outcome = await Store.CommitAsync(new ChangeSet().Insert(task).Update(task with { Version = 1, Name = "Renamed" }));

        Assert.Equal([1L, 2L], outcome.Records.Select(r => r.Version));
        var stored = await Tasks.FindAsync("t-1");
        Assert.Equal(2, stored!.Version);
        Assert.Equal("Renamed", stored.Name);
    }

    [Fact]
    public async Task Two_updates_of_the_same_record_from_the_same_read_in_one_change_set_conflict_and_apply_nothing()
    {
        var stored = (await Tasks.InsertAsync(SpecificationData.NewTask("t-1"))).Record;
        var changes = new ChangeSet().Update(stored with { Name = "First" }).Update(stored with { Name = "Second" });

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Store.CommitAsync(changes));

        Assert.Equal(1, ex.ExpectedVersion);
        Assert.Equal(2, ex.ActualVersion);
        Assert.Equal(Json(stored), Json((await Tasks.FindAsync("t-1"))!));
    }

    [Fact]
    public async Task A_change_set_with_one_stale_update_applies_nothing_at_all()
    {
        var fresh = (await Participants.InsertAsync(Participant("p-fresh"))).Record;
        var staleRead = (await Assignments.InsertAsync(Assignment("a-1"))).Record;
        var winner = await Assignments.UpdateAsync(staleRead with { Status = AssignmentStatus.Submitted, ModifiedBy = "bob", ModifiedAt = T0.AddHours(5) });
        await Beliefs.SaveAsync([Belief("c-1", "p-1", 0, poor: 0.8, fair: 0.1)]);
        var changes = new ChangeSet()
            .Insert(SpecificationData.NewTask("t-new"))
            .Update(fresh with { DisplayName = "Renamed" })
            .Insert(Questionnaire("q-new"))
            .Update(staleRead with { Status = AssignmentStatus.Cancelled })
            .Insert(Response("a-1", ("w1-name", "Billing")))
            .Assess(Assessment("a-1", T0.AddDays(1)))
            .SaveBeliefs([Belief("c-1", "p-1", 1, poor: 0.1, fair: 0.1), Belief("c-1", "p-2", 1)])
            .Enqueue(Notification("n-1", "p-1"))
            .RecordCycle(Cycle("c-1", 1, "p-1"));

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Store.CommitAsync(changes));

        Assert.Equal("Assignment", ex.RecordType);
        Assert.Equal("a-1", ex.RecordId);
        Assert.Equal(1, ex.ExpectedVersion);
        Assert.Equal(2, ex.ActualVersion);
        Assert.Equal("bob", ex.ModifiedBy);
        Assert.Null(await Tasks.FindAsync("t-new"));
        Assert.Equal(Json(fresh), Json((await Participants.FindAsync("p-fresh"))!));
        Assert.Null(await Questionnaires.FindAsync("q-new"));
        Assert.Equal(Json(winner), Json((await Assignments.FindAsync("a-1"))!));
        Assert.Null(await Responses.FindAsync("a-1"));
        Assert.Empty(await ToListAsync(Assignments.ListAssessmentsAsync("a-1")));
        Assert.Equal(0, (await Beliefs.FindAsync("c-1", "p-1"))!.Week);
        Assert.Null(await Beliefs.FindAsync("c-1", "p-2"));
        Assert.Null(await Outbox.FindAsync("n-1"));
        Assert.Empty(await Outbox.ClaimDueAsync(T0.AddDays(30), 10, "worker-a", TimeSpan.FromMinutes(1)));
        Assert.Null(await Cycles.FindAsync("c-1", 1));
        Assert.Null(await Cycles.FindLatestAsync("c-1"));
    }

    [Fact]
    public async Task A_change_set_updating_a_missing_record_throws_RecordNotFoundException_and_applies_nothing()
    {
        var changes = new ChangeSet()
            .Insert(SpecificationData.NewTask("t-new"))
            .Update(Participant("p-missing") with { Version = 1 })
            .Enqueue(Notification("n-1"))
            .RecordCycle(Cycle("c-1", 1));

        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await Store.CommitAsync(changes));

        Assert.Equal("Participant", ex.RecordType);
        Assert.Equal("p-missing", ex.RecordId);
        Assert.Null(await Tasks.FindAsync("t-new"));
        Assert.Null(await Outbox.FindAsync("n-1"));
        Assert.Null(await Cycles.FindAsync("c-1", 1));
    }

    [Fact]
    public async Task A_change_set_inserting_a_stored_id_with_different_content_throws_DuplicateRecordException_and_applies_nothing()
    {
        await Tasks.InsertAsync(SpecificationData.NewTask("t-1"));
        var changes = new ChangeSet()
            .Insert(Participant("p-new"))
            .Insert(SpecificationData.NewTask("t-1", name: "Different"))
            .SaveBeliefs([Belief("c-1", "p-1", 1)]);

        var ex = await Assert.ThrowsAsync<DuplicateRecordException>(async () => await Store.CommitAsync(changes));

        Assert.Equal("CrowdTask", ex.RecordType);
        Assert.Equal("t-1", ex.RecordId);
        Assert.Null(await Participants.FindAsync("p-new"));
        Assert.Null(await Beliefs.FindAsync("c-1", "p-1"));
    }

    [Fact]
    public async Task A_change_set_enqueuing_a_stored_notification_id_with_different_content_applies_nothing()
    {
        await Outbox.EnqueueAsync(Notification("n-1"));
        var changes = new ChangeSet().Insert(Participant("p-new")).Enqueue(Notification("n-1", body: "Different"));

        var ex = await Assert.ThrowsAsync<DuplicateRecordException>(async () => await Store.CommitAsync(changes));

        Assert.Equal("Notification", ex.RecordType);
        Assert.Null(await Participants.FindAsync("p-new"));
    }

    [Fact]
    public async Task A_change_set_retrying_inserts_and_notifications_with_the_same_content_is_applied_and_returns_the_stored_records()
    {
        var first = await Store.CommitAsync(new ChangeSet().Insert(SpecificationData.NewTask("t-1")).Enqueue(Notification("n-1")));
        var task = (await Tasks.FindAsync("t-1"))!;
        await Tasks.UpdateAsync(task with { Name = "Renamed" });

        var retry = await Store.CommitAsync(new ChangeSet().Insert(Participant("p-1")).Enqueue(Notification("n-1")));

        Assert.True(first.Applied);
        Assert.True(retry.Applied);
        Assert.Equal(1, (await Participants.FindAsync("p-1"))!.Version);
        Assert.Single(await ToListAsync(Outbox.ListAsync(PageRequest.All)));
    }

    [Fact]
    public async Task A_retried_commit_does_not_duplicate_an_identical_assessment()
    {
        await Assignments.InsertAsync(Assignment("a-1"));
        var changes = new ChangeSet().Insert(Response("a-1", ("w1-name", "Billing"))).Assess(Assessment("a-1", T0)).Enqueue(Notification("n-1"));

        await Store.CommitAsync(changes);
        await Store.CommitAsync(changes);

        Assert.Single(await ToListAsync(Assignments.ListAssessmentsAsync("a-1")));
        Assert.Equal(1, (await Responses.FindAsync("a-1"))!.Version);
    }

    [Fact]
    public async Task Committing_a_cycle_that_is_already_recorded_applies_nothing_and_returns_the_stored_cycle()
    {
        var first = Cycle("c-1", 1, "p-1", "p-2");
        await Store.CommitAsync(new ChangeSet()
            .RecordCycle(first)
            .SaveBeliefs([Belief("c-1", "p-1", 1, poor: 0.5)])
            .Enqueue(Notification("contact-c-1-1-p-1", "p-1"))
            .Enqueue(Notification("contact-c-1-1-p-2", "p-2")));

        var second = await Store.CommitAsync(new ChangeSet()
            .RecordCycle(Cycle("c-1", 1, "p-3"))
            .Insert(SpecificationData.NewTask("t-second"))
            .SaveBeliefs([Belief("c-1", "p-1", 1, poor: 0.1), Belief("c-1", "p-3", 1)])
            .Enqueue(Notification("contact-c-1-1-p-3", "p-3")));

        Assert.False(second.Applied);
        Assert.Equal(Json(first), Json(second.ExistingCycle!));
        Assert.Empty(second.Records);
        Assert.Equal(Json(first), Json((await Cycles.FindAsync("c-1", 1))!));
        Assert.Null(await Tasks.FindAsync("t-second"));
        Assert.Equal(0.5, (await Beliefs.FindAsync("c-1", "p-1"))!.Probabilities[0]);
        Assert.Null(await Beliefs.FindAsync("c-1", "p-3"));
        Assert.Null(await Outbox.FindAsync("contact-c-1-1-p-3"));
        Assert.Equal(2, (await ToListAsync(Outbox.ListAsync(PageRequest.All))).Count);
    }

    [Fact]
    public async Task Committing_a_recorded_cycle_again_returns_it_even_when_the_rest_would_conflict()
    {
        var stored = (await Tasks.InsertAsync(SpecificationData.NewTask("t-1"))).Record;
        await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-1", 1)).Update(stored));

        var rerun = await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-1", 1)).Update(stored));

        Assert.False(rerun.Applied);
        Assert.Equal(1, rerun.ExistingCycle!.Cycle);
        Assert.Equal(2, (await Tasks.FindAsync("t-1"))!.Version);
    }

    [Fact]
    public async Task Beliefs_in_a_change_set_follow_the_later_week_rule()
    {
        await Beliefs.SaveAsync([Belief("c-1", "p-1", 3, poor: 0.3)]);

        await Store.CommitAsync(new ChangeSet().SaveBeliefs([Belief("c-1", "p-1", 2, poor: 0.9, fair: 0.05), Belief("c-1", "p-2", 2)]));

        Assert.Equal(3, (await Beliefs.FindAsync("c-1", "p-1"))!.Week);
        Assert.Equal(2, (await Beliefs.FindAsync("c-1", "p-2"))!.Week);
    }

    [Fact]
    public async Task Commit_with_a_cancelled_token_throws_and_applies_nothing()
    {
        var changes = new ChangeSet()
            .Insert(SpecificationData.NewTask("t-1"))
            .SaveBeliefs([Belief("c-1", "p-1", 1)])
            .Enqueue(Notification("n-1"))
            .RecordCycle(Cycle("c-1", 1));

        await AssertCancelledAsync(() => Store.CommitAsync(changes, Cancelled));

        Assert.Null(await Tasks.FindAsync("t-1"));
        Assert.Null(await Beliefs.FindAsync("c-1", "p-1"));
        Assert.Null(await Outbox.FindAsync("n-1"));
        Assert.Null(await Cycles.FindAsync("c-1", 1));
    }

    [Fact]
    public async Task Eight_instances_committing_the_same_cycle_at_once_record_it_and_its_contacts_once()
    {
        var participants = Enumerable.Range(0, 50).Select(i => $"p-{i:D2}").ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = Enumerable.Range(0, 8).Select(instance => Task.Run(async () =>
        {
            var changes = new ChangeSet()
                .RecordCycle(Cycle("c-1", 1, participants) with { DecidedAt = T0.AddSeconds(instance) })
                .SaveBeliefs(participants.Select(p => Belief("c-1", p, 1)).ToList());
            foreach (var p in participants)
            {
                changes.Enqueue(Notification($"contact-c-1-1-{p}", p) with { Body = $"Sent by instance {instance}" });
            }

            await start.Task;
            return await Store.CommitAsync(changes);
        })).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(runs);

        var applied = Assert.Single(outcomes, o => o.Applied);
        var stored = Json((await Cycles.FindAsync("c-1", 1))!);
        Assert.All(outcomes.Where(o => !o.Applied), o => Assert.Equal(stored, Json(o.ExistingCycle!)));
        Assert.Empty(applied.Records);
        var notifications = await ToListAsync(Outbox.ListAsync(PageRequest.All));
        Assert.Equal(participants.Length, notifications.Count);
        Assert.Single(notifications.Select(n => n.Body).Distinct());
    }

    [Fact]
    public async Task Commit_records_change_the_stores_as_seen_by_every_store_interface()
    {
        await Store.CommitAsync(new ChangeSet().Insert(Participant("p-1", CrowdLayer.General)));

        Assert.Single(await ToListAsync(Participants.ListByLayerAsync(CrowdLayer.General, PageRequest.All)));
        Assert.Single(await ToListAsync(Store.Participants.ListByLayerAsync(CrowdLayer.General, PageRequest.All)));
    }
}

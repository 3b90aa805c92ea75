using Crowdsourcing.Crowd;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The conformance tests of what a decision cycle over a large crowd uses: beliefs saved and read as columns, a cycle's
// contacts as columns, its contact notifications as one batch, the crowd's ids, the campaign's assessments in one
// listing, and the bulk import of participants. Each must behave exactly as its record-by-record counterpart.
public abstract partial class CrowdsourcingStoreSpecification
{
    private static BeliefColumns Columns(string campaignId, int week, params (string Id, double Poor, double Fair)[] beliefs) =>
        new(
            campaignId,
            week,
            [.. beliefs.Select(b => b.Id)],
            [[.. beliefs.Select(b => b.Poor)], [.. beliefs.Select(b => b.Fair)], [.. beliefs.Select(b => 1 - b.Poor - b.Fair)]]);

    private async Task CommitColumnsAsync(BeliefColumns columns) => Assert.True((await Store.CommitAsync(new ChangeSet().SaveBeliefs(columns))).Applied);

    [Fact]
    public async Task Beliefs_saved_as_columns_are_each_saved_with_later_week_wins()
    {
        await Beliefs.SaveAsync([Belief("c-1", "p-1", 2, poor: 0.9, fair: 0.05), Belief("c-1", "p-2", 0)]);

        await CommitColumnsAsync(Columns("c-1", 1, ("p-1", 0.5, 0.25), ("p-2", 0.25, 0.5), ("p-3", 0.125, 0.5)));

        Assert.Equal(Json(Belief("c-1", "p-1", 2, poor: 0.9, fair: 0.05)), Json((await Beliefs.FindAsync("c-1", "p-1"))!));
        Assert.Equal(Json(Belief("c-1", "p-2", 1, poor: 0.25, fair: 0.5)), Json((await Beliefs.FindAsync("c-1", "p-2"))!));
        Assert.Equal(Json(Belief("c-1", "p-3", 1, poor: 0.125, fair: 0.5)), Json((await Beliefs.FindAsync("c-1", "p-3"))!));
        Assert.Equal(["p-1", "p-2", "p-3"], (await ToListAsync(Beliefs.ListAsync("c-1", PageRequest.All))).Select(b => b.ParticipantId));
        Assert.Empty(await ToListAsync(Beliefs.ListAsync("c-2", PageRequest.All)));
    }

    [Fact]
    public async Task A_second_save_as_columns_keeps_the_beliefs_of_participants_it_leaves_out()
    {
        await CommitColumnsAsync(Columns("c-1", 1, ("a", 0.5, 0.25), ("b", 0.5, 0.25), ("c", 0.5, 0.25)));
        await CommitColumnsAsync(Columns("c-1", 2, ("b", 0.25, 0.25), ("c", 0.25, 0.25), ("d", 0.25, 0.25)));
        await CommitColumnsAsync(Columns("c-1", 3, ("b", 0.75, 0.125), ("c", 0.75, 0.125), ("d", 0.75, 0.125)));

        var all = await ToListAsync(Beliefs.ListAsync("c-1", PageRequest.All));
        Assert.Equal(["a", "b", "c", "d"], all.Select(b => b.ParticipantId));
        Assert.Equal([1, 3, 3, 3], all.Select(b => b.Week));
        Assert.Equal(Json(Belief("c-1", "a", 1, poor: 0.5, fair: 0.25)), Json(all[0]));
        Assert.Equal(Json(Belief("c-1", "d", 3, poor: 0.75, fair: 0.125)), Json(all[3]));
    }

    [Fact]
    public async Task SaveAsync_after_a_save_as_columns_follows_later_week_wins_against_it_and_a_later_save_as_columns_wins_a_tie()
    {
        await CommitColumnsAsync(Columns("c-1", 3, ("a", 0.5, 0.25), ("b", 0.5, 0.25)));

        Assert.Equal(1, await Beliefs.SaveAsync([Belief("c-1", "a", 2), Belief("c-1", "b", 4)]));
        Assert.Equal(3, (await Beliefs.FindAsync("c-1", "a"))!.Week);
        Assert.Equal(Json(Belief("c-1", "b", 4)), Json((await Beliefs.FindAsync("c-1", "b"))!));

        Assert.Equal(1, await Beliefs.SaveAsync([Belief("c-1", "a", 3, poor: 0.1, fair: 0.1)]));
        Assert.Equal(Json(Belief("c-1", "a", 3, poor: 0.1, fair: 0.1)), Json((await Beliefs.FindAsync("c-1", "a"))!));

        await CommitColumnsAsync(Columns("c-1", 4, ("a", 0.125, 0.125), ("b", 0.125, 0.125)));
        Assert.Equal(Json(Belief("c-1", "a", 4, poor: 0.125, fair: 0.125)), Json((await Beliefs.FindAsync("c-1", "a"))!));
        Assert.Equal(Json(Belief("c-1", "b", 4, poor: 0.125, fair: 0.125)), Json((await Beliefs.FindAsync("c-1", "b"))!));
    }

    [Fact]
    public async Task Reading_a_campaigns_beliefs_in_blocks_and_listing_them_page_by_page_give_the_same_beliefs()
    {
        await CommitColumnsAsync(Columns("c-1", 1, [.. Enumerable.Range(0, 40).Select(i => ($"p-{i:D2}", 0.5, 0.25))]));
        await Beliefs.SaveAsync([Belief("c-1", "p-05", 2), Belief("c-1", "p-40", 0), Belief("c-1", "a", 1), Belief("c-2", "p-01", 7)]);

        var listed = new List<ParticipantBelief>();
        string? after = null;
        while (true)
        {
            var page = await ToListAsync(Beliefs.ListAsync("c-1", new PageRequest(after, 7)));
            listed.AddRange(page);
            if (page.Count < 7)
            {
                break;
            }

            after = page[^1].ParticipantId;
        }

        var read = new List<ParticipantBelief>();
        await foreach (var block in Beliefs.ReadBlocksAsync("c-1"))
        {
            for (var i = 0; i < block.Count; i++)
            {
                read.Add(new ParticipantBelief("c-1", block.ParticipantIds[i], block.Weeks[i], block.GetProbabilities(i).ToArray()));
            }
        }

        Assert.Equal(42, listed.Count);
        Assert.Equal(listed.Select(Json), read.Select(Json));
        Assert.Equal(listed.Select(b => b.ParticipantId).Order(CodePointComparer.Instance), listed.Select(b => b.ParticipantId));
        Assert.Equal(2, listed.Single(b => b.ParticipantId == "p-05").Week);
    }

    [Fact]
    public async Task A_cycle_whose_contacts_are_columns_reads_back_in_the_order_it_decided()
    {
        string[] ids = ["p-a", "p-b", "p-c", "p-d"];
        var contacts = CycleContacts.Create(ids, ["email", "phone-call"], [0, 1, 0, 1], [1.5, 9.25, 4.0, 2.5], [3, 5, 3, 5], [1, 2, 3, 0]);
        var record = new DecisionCycleRecord("c-1", 1, T0, contacts, 42.5);

        await Store.CommitAsync(new ChangeSet().RecordCycle(record));

        var stored = (await Cycles.FindAsync("c-1", 1))!;
        Assert.Equal(["p-b", "p-c", "p-d", "p-a"], stored.Contacts.Select(c => c.ParticipantId));
        Assert.Equal(Json(record), Json(stored));
        Assert.Equal(Json(record), Json((await Cycles.FindLatestAsync("c-1"))!));
        Assert.Equal(Json(record), Json(Assert.Single(await ToListAsync(Cycles.ListAsync("c-1")))));
    }

    private static ContactNotificationBatch ContactBatch(string campaignId, int cycle) =>
        new($"contact:{campaignId}:{cycle}:", "email", "contact", new NotificationTemplate("{{Week}} " + cycle + ": please answer, {participant}"), new NotificationTemplate("Intervention: {intervention}."), T0.AddDays(7 * cycle));

    private async Task<(DecisionCycleRecord Cycle, ContactNotificationBatch Batch)> CommitCycleWithBatchAsync(string campaignId, int cycle, params string[] contacted)
    {
        var record = Cycle(campaignId, cycle, contacted);
        var batch = ContactBatch(campaignId, cycle);
        Assert.True((await Store.CommitAsync(new ChangeSet().RecordCycle(record).EnqueueContacts(batch))).Applied);
        return (record, batch);
    }

    [Fact]
    public async Task A_cycles_contact_notifications_enqueued_as_a_batch_read_as_one_notification_each()
    {
        var (_, batch) = await CommitCycleWithBatchAsync("c-1", 1, "p-3", "p-1", "p-2");
        await Outbox.EnqueueAsync(Notification("a-first"));
        await Outbox.EnqueueAsync(Notification("z-last"));

        var expected = new[] { "p-1", "p-2", "p-3" }.Select(p => batch.For(p, "email") with { Version = 1 }).ToList();
        var all = await ToListAsync(Outbox.ListAsync(PageRequest.All));
        Assert.Equal(["a-first", "contact:c-1:1:p-1", "contact:c-1:1:p-2", "contact:c-1:1:p-3", "z-last"], all.Select(n => n.Id));
        Assert.Equal(expected.Select(Json), all.Skip(1).Take(3).Select(Json));
        Assert.Equal("{Week} 1: please answer, p-2", all[2].Subject);
        Assert.Equal("Intervention: email.", all[2].Body);
        Assert.Equal(Json(expected[1]), Json((await Outbox.FindAsync("contact:c-1:1:p-2"))!));
        Assert.Null(await Outbox.FindAsync("contact:c-1:1:p-4"));
        Assert.Equal(["contact:c-1:1:p-2", "contact:c-1:1:p-3"], (await ToListAsync(Outbox.ListAsync(new PageRequest("contact:c-1:1:p-1", 2)))).Select(n => n.Id));
        Assert.Equal(["contact:c-1:1:p-3", "z-last"], (await ToListAsync(Outbox.ListAsync(new PageRequest("contact:c-1:1:p-2a", 5)))).Select(n => n.Id));
    }

    [Fact]
    public async Task Claiming_a_batch_leases_its_contacts_once_each_in_due_and_id_order_and_they_are_delivered_as_rows()
    {
        await CommitCycleWithBatchAsync("c-1", 1, [.. Enumerable.Range(0, 25).Select(i => $"p-{i:D2}")]);
        await Outbox.EnqueueAsync(Notification("early", due: T0));
        await Outbox.EnqueueAsync(Notification("late", due: T0.AddDays(30)));
        var now = T0.AddDays(8);

        var first = await Outbox.ClaimDueAsync(now, 3, "worker-1", TimeSpan.FromMinutes(5));
        Assert.Equal(["early", "contact:c-1:1:p-00", "contact:c-1:1:p-01"], first.Select(n => n.Id));
        Assert.All(first, n => Assert.Equal((2L, 1, "worker-1"), (n.Version, n.Attempts, n.LeaseOwner)));
        Assert.Equal(Json(first[1]), Json((await Outbox.FindAsync("contact:c-1:1:p-00"))!));

        var claimed = first.Select(n => n.Id).ToList();
        while (true)
        {
            var batch = await Outbox.ClaimDueAsync(now, 4, "worker-2", TimeSpan.FromMinutes(5));
            if (batch.Count == 0)
            {
                break;
            }

            claimed.AddRange(batch.Select(n => n.Id));
        }

        Assert.Equal(26, claimed.Count);
        Assert.Equal(26, claimed.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain("late", claimed);
        var delivered = await Outbox.MarkDeliveredAsync("contact:c-1:1:p-24", "worker-2", now.AddMinutes(1));
        Assert.Equal((NotificationStatus.Delivered, 3L), (delivered.Status, delivered.Version));
        Assert.Equal(27, (await ToListAsync(Outbox.ListAsync(PageRequest.All))).Count);
    }

    [Fact]
    public async Task A_pending_contact_of_a_batch_is_enqueued_again_as_a_retry_only_with_the_same_content_and_cannot_be_marked()
    {
        var (_, batch) = await CommitCycleWithBatchAsync("c-1", 1, "p-1", "p-2");

        var retry = await Outbox.EnqueueAsync(batch.For("p-1", "email"));
        Assert.False(retry.Inserted);
        Assert.Equal(Json(batch.For("p-1", "email") with { Version = 1 }), Json(retry.Record));
        await Assert.ThrowsAsync<DuplicateRecordException>(async () => await Outbox.EnqueueAsync(batch.For("p-1", "email") with { Body = "Other text." }));
        await Assert.ThrowsAsync<DuplicateRecordException>(async () => await Store.CommitAsync(new ChangeSet().Enqueue(batch.For("p-2", "email") with { Subject = "Other" })));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Outbox.MarkDeliveredAsync("contact:c-1:1:p-2", "worker-1", T0));
        await Assert.ThrowsAsync<NotFoundException>(async () => await Outbox.MarkDeliveredAsync("contact:c-1:1:p-9", "worker-1", T0));
        Assert.Equal(2, (await ToListAsync(Outbox.ListAsync(PageRequest.All))).Count);
    }

    [Fact]
    public async Task A_batch_whose_id_is_already_enqueued_accepts_it_as_a_retry_or_refuses_the_whole_cycle()
    {
        var batch = ContactBatch("c-1", 1);
        await Outbox.EnqueueAsync(batch.For("p-2", "email"));

        Assert.True((await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-1", 1, "p-1", "p-2")).EnqueueContacts(batch))).Applied);
        Assert.Equal(["contact:c-1:1:p-1", "contact:c-1:1:p-2"], (await ToListAsync(Outbox.ListAsync(PageRequest.All))).Select(n => n.Id));

        var other = ContactBatch("c-1", 2);
        await Outbox.EnqueueAsync(other.For("p-2", "phone-call"));
        await Assert.ThrowsAsync<DuplicateRecordException>(async () => await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle("c-1", 2, "p-1", "p-2")).EnqueueContacts(other)));
        Assert.Null(await Cycles.FindAsync("c-1", 2));
        Assert.Equal(3, (await ToListAsync(Outbox.ListAsync(PageRequest.All))).Count);
    }

    [Fact]
    public async Task The_crowds_ids_are_listed_in_code_point_order_by_layer_and_qualifications()
    {
        await Participants.InsertAsync(Participant("p-b", CrowdLayer.Internal, "B", "cloud", "sap"));
        await Participants.InsertAsync(Participant("p-a", CrowdLayer.Internal, "A", "cloud"));
        await Participants.InsertAsync(Participant("p-c", CrowdLayer.General, "C", "cloud", "sap"));
        await Participants.InsertAsync(Participant("p-~", CrowdLayer.Internal, "E", "cloud"));
        await Participants.InsertAsync(Participant("p-_", CrowdLayer.Internal, "F", "cloud"));
        await Participants.InsertAsync(Participant("p-d", CrowdLayer.Prequalified, "D"));

        Assert.Equal(["p-_", "p-a", "p-b", "p-~"], await ToListAsync(Participants.ListIdsAsync([CrowdLayer.Internal], [])));
        Assert.Equal(["p-b", "p-c"], await ToListAsync(Participants.ListIdsAsync([CrowdLayer.Internal, CrowdLayer.General], ["sap", "cloud"])));
        Assert.Empty(await ToListAsync(Participants.ListIdsAsync([], [])));
    }

    [Fact]
    public async Task Inactive_participants_are_not_in_the_crowds_ids_whether_inserted_updated_or_imported()
    {
        await Participants.InsertAsync(Participant("p-a", CrowdLayer.Internal, "A", "cloud"));
        await Participants.InsertAsync(Participant("p-b", CrowdLayer.Internal, "B", "cloud") with { InactiveSince = T0 });
        var leaving = await Participants.InsertAsync(Participant("p-c", CrowdLayer.Internal, "C", "cloud"));
        await Participants.UpdateAsync(leaving.Record with { InactiveSince = T0 });
        await Participants.UpsertAsync([Participant("p-d", CrowdLayer.Internal, "D", "cloud") with { InactiveSince = T0 }, Participant("p-e", CrowdLayer.Internal, "E", "cloud")], "sync", T0);

        Assert.Equal(["p-a", "p-e"], await ToListAsync(Participants.ListIdsAsync([CrowdLayer.Internal], [])));
        Assert.Equal(["p-a", "p-e"], await ToListAsync(Participants.ListIdsAsync([CrowdLayer.Internal], ["cloud"])));

        // Back again: active.
        await Participants.UpsertAsync([Participant("p-d", CrowdLayer.Internal, "D", "cloud")], "sync", T0);
        Assert.Equal(["p-a", "p-d", "p-e"], await ToListAsync(Participants.ListIdsAsync([CrowdLayer.Internal], [])));
    }

    [Fact]
    public async Task A_managers_reports_are_listed_by_id_in_pages_whether_inserted_updated_or_imported()
    {
        await Participants.InsertAsync(Participant("p-a", CrowdLayer.Internal, "A") with { ManagerId = "boss" });
        await Participants.InsertAsync(Participant("p-b", CrowdLayer.General, "B") with { ManagerId = "boss", InactiveSince = T0 });
        var moving = await Participants.InsertAsync(Participant("p-c", CrowdLayer.Internal, "C") with { ManagerId = "boss" });
        await Participants.UpdateAsync(moving.Record with { ManagerId = "other" });
        await Participants.UpsertAsync([Participant("p-d", CrowdLayer.Internal, "D") with { ManagerId = "boss" }, Participant("p-e", CrowdLayer.Internal, "E")], "sync", T0);
        await Participants.InsertAsync(Participant("boss", CrowdLayer.Internal, "Boss"));

        Assert.Equal(["p-a", "p-b", "p-d"], (await ToListAsync(Participants.ListByManagerAsync("boss", PageRequest.All))).Select(p => p.Id));
        Assert.Equal(["p-a", "p-b"], (await ToListAsync(Participants.ListByManagerAsync("boss", PageRequest.First(2)))).Select(p => p.Id));
        Assert.Equal(["p-d"], (await ToListAsync(Participants.ListByManagerAsync("boss", new PageRequest("p-b", 2)))).Select(p => p.Id));
        Assert.Equal(["p-c"], (await ToListAsync(Participants.ListByManagerAsync("other", PageRequest.All))).Select(p => p.Id));
        Assert.Empty(await ToListAsync(Participants.ListByManagerAsync("p-e", PageRequest.All)));
    }

    [Fact]
    public async Task Importing_participants_adds_the_new_updates_the_changed_and_leaves_the_unchanged_as_they_are()
    {
        await Participants.InsertAsync(Participant("p-1", CrowdLayer.Internal, "One", "cloud") with { ModifiedBy = "admin", ModifiedAt = T0 });
        await Participants.InsertAsync(Participant("p-2", CrowdLayer.Internal, "Two", "cloud"));

        var counts = await Participants.UpsertAsync([Participant("p-1", CrowdLayer.Internal, "One", "cloud"), Participant("p-2", CrowdLayer.Internal, "Two", "sap"), Participant("p-3", CrowdLayer.General, "Three")], "import", T0.AddDays(1));

        Assert.Equal(new UpsertCounts(1, 1, 1), counts);
        var one = (await Participants.FindAsync("p-1"))!;
        Assert.Equal((1L, "admin"), (one.Version, one.ModifiedBy));
        var two = (await Participants.FindAsync("p-2"))!;
        Assert.Equal((2L, "import", T0.AddDays(1)), (two.Version, two.ModifiedBy, two.ModifiedAt));
        Assert.Equal(["sap"], two.Qualifications);
        Assert.Equal(1L, (await Participants.FindAsync("p-3"))!.Version);
        Assert.Equal(["p-2"], (await ToListAsync(Participants.ListByQualificationAsync("sap"))).Select(p => p.Id));
        Assert.Equal(["p-1"], (await ToListAsync(Participants.ListByQualificationAsync("cloud"))).Select(p => p.Id));
        Assert.Equal(["p-3"], (await ToListAsync(Participants.ListByLayerAsync(CrowdLayer.General))).Select(p => p.Id));

        Assert.Equal(new UpsertCounts(0, 0, 3), await Participants.UpsertAsync([.. (await ToListAsync(Participants.ListAsync(PageRequest.All))).Select(p => p with { Version = 0 })], "import", T0.AddDays(2)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Participants.UpsertAsync([Participant("p-4"), Participant("p-4")], "import", T0));
        Assert.Null(await Participants.FindAsync("p-4"));
    }

    [Fact]
    public async Task A_campaigns_assessments_in_a_window_are_listed_together_as_each_assignments_would_be()
    {
        await Assignments.InsertAsync(Assignment("a-1", "c-1", ["p-1"]));
        await Assignments.InsertAsync(Assignment("a-2", "c-1", ["p-2"]));
        await Assignments.InsertAsync(Assignment("a-3", "c-2", ["p-3"]));
        var changes = new ChangeSet()
            .Assess(Assessment("a-1", T0.AddDays(1)))
            .Assess(Assessment("a-1", T0.AddDays(3), passed: true))
            .Assess(Assessment("a-2", T0.AddDays(2)))
            .Assess(Assessment("a-3", T0.AddDays(2)));
        await Store.CommitAsync(changes);

        var window = await ToListAsync(Assignments.ListAssessmentsByCampaignAsync("c-1", T0.AddDays(1), T0.AddDays(3)));
        var all = await ToListAsync(Assignments.ListAssessmentsByCampaignAsync("c-1", null, T0.AddDays(9)));

        Assert.Equal([("a-1", T0.AddDays(3)), ("a-2", T0.AddDays(2))], window.Select(a => (a.AssignmentId, a.AssessedAt)).Order());
        Assert.Equal(3, all.Count);
        Assert.DoesNotContain(all, a => a.AssignmentId == "a-3");
    }
}

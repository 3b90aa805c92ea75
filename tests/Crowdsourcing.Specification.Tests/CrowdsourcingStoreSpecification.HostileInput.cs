using Crowdsourcing.Assignments;
using Crowdsourcing.Crowd;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// Hostile input: quotes, semicolons, SQL fragments, Unicode (emoji, right-to-left, combining marks) in texts and keys,
// ids that are valid but break naive SQL (LIKE wildcards, dots, mixed case), and answers and bodies at their limits are
// stored and read back unchanged, in ids, texts and the values queries filter on. (Ids are made of Limits.IdAlphabet:
// a hostile string is never an id.)
public abstract partial class CrowdsourcingStoreSpecification
{
    /// <summary>The hostile strings, as theory data.</summary>
    public static TheoryData<string> Hostile
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var s in HostileStrings)
            {
                data.Add(s);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_string_as_id_and_text_of_every_record_reads_back_unchanged(string hostile)
    {
        var id = HostileIdFor(hostile);
        var task = SpecificationData.NewTask(id, name: hostile) with { BusinessModel = hostile, ExpectedOutcomes = [hostile] };
        var participant = Participant(id, CrowdLayer.General, hostile, hostile);
        var questionnaire = Questionnaire(id, hostile);
        var assignment = Assignment(id, campaignId: id, assignees: [id]) with { Feedback = [hostile] };
        var response = Response(id, ("w1-name", hostile));
        var notification = Notification(hostile, id, body: hostile) with { Subject = hostile };

        await Tasks.InsertAsync(task);
        await Participants.InsertAsync(participant);
        await Questionnaires.InsertAsync(questionnaire);
        await Assignments.InsertAsync(assignment);
        await Responses.InsertAsync(response);
        await Outbox.EnqueueAsync(notification);

        Assert.Equal(Json(task with { Version = 1 }), Json((await Tasks.FindAsync(id))!));
        Assert.Equal(Json(participant with { Version = 1 }), Json((await Participants.FindAsync(id))!));
        Assert.Equal(Json(questionnaire with { Version = 1 }), Json((await Questionnaires.FindAsync(id))!));
        Assert.Equal(Json(assignment with { Version = 1 }), Json((await Assignments.FindAsync(id))!));
        Assert.Equal(Json(response with { Version = 1 }), Json((await Responses.FindAsync(id))!));
        Assert.Equal(Json(notification with { Version = 1 }), Json((await Outbox.FindAsync(hostile))!));
        Assert.Equal(hostile, (await Responses.FindAsync(id))!.Find("w1-name")!.Value);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_string_as_a_filter_value_matches_exactly_and_nothing_else(string hostile)
    {
        var id = HostileIdFor(hostile);
        await Participants.InsertAsync(Participant("p-hostile", qualifications: [hostile]));
        await Participants.InsertAsync(Participant("p-plain", qualifications: ["plain"]));
        await Assignments.InsertAsync(Assignment("a-hostile", campaignId: id, assignees: [id]));
        await Assignments.InsertAsync(Assignment("a-plain", campaignId: "plain", assignees: ["plain"]));
        await Beliefs.SaveAsync([Belief(id, id, 1), Belief("plain", "plain", 1)]);
        await Store.CommitAsync(new ChangeSet().RecordCycle(Cycle(id, 1, id)).Assess(Assessment("a-hostile", T0) with { ReadinessLevel = hostile }));

        Assert.Equal(["p-hostile"], (await ToListAsync(Participants.ListByQualificationAsync(hostile, PageRequest.All))).Select(p => p.Id));
        Assert.Equal(["a-hostile"], (await ToListAsync(Assignments.ListByCampaignAsync(id, PageRequest.All))).Select(a => a.Id));
        Assert.Equal(["a-hostile"], (await ToListAsync(Assignments.ListByParticipantAsync(id, PageRequest.All))).Select(a => a.Id));
        Assert.Equal(id, (await Beliefs.FindAsync(id, id))!.ParticipantId);
        Assert.Equal([id], (await ToListAsync(Beliefs.ListAsync(id, PageRequest.All))).Select(b => b.ParticipantId));
        Assert.Equal(id, (await Cycles.FindLatestAsync(id))!.Contacts[0].ParticipantId);
        Assert.Equal(hostile, Assert.Single(await ToListAsync(Assignments.ListAssessmentsAsync("a-hostile"))).ReadinessLevel);
        Assert.Equal(2, (await ToListAsync(Participants.ListAsync(PageRequest.All))).Count);
    }

    [Fact]
    public async Task Hostile_ids_are_listed_in_ordinal_order_and_page_correctly()
    {
        var ids = HostileIds.ToArray();
        foreach (var id in ids)
        {
            await Tasks.InsertAsync(SpecificationData.NewTask(id));
        }

        var all = await ToListAsync(Tasks.ListAsync(PageRequest.All));
        var paged = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await ToListAsync(Tasks.ListAsync(new PageRequest(after, 3)));
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page.Select(t => t.Id));
            after = page[^1].Id;
        }

        Assert.Equal(ids.Order(CodePointComparer.Instance), all.Select(t => t.Id));
        Assert.Equal(all.Select(t => t.Id), paged);
    }

    [Fact]
    public async Task An_answer_of_the_longest_length_reads_back_unchanged_and_survives_an_update()
    {
        var longAnswer = LongText(Limits.MaxAnswerLength);
        Assert.Equal(Limits.MaxAnswerLength, longAnswer.Length);
        var response = Response("a-long", ("w1-name", longAnswer), ("d1-city", "Zürich"));

        var stored = (await Responses.InsertAsync(response)).Record;
        Assert.Equal(longAnswer, (await Responses.FindAsync("a-long"))!.Find("w1-name")!.Value);

        var updated = await Responses.UpdateAsync(stored with { Answers = [.. stored.Answers, new Answer("w1-servers", longAnswer[..50_000], "participant-2", T0)] });
        var found = await Responses.FindAsync("a-long");

        Assert.Equal(Json(updated), Json(found!));
        Assert.Equal(longAnswer, found!.Find("w1-name")!.Value);
        Assert.Equal(longAnswer[..50_000], found.Find("w1-servers")!.Value);
    }

    [Fact]
    public async Task A_notification_body_of_the_longest_length_reads_back_unchanged()
    {
        var body = LongText(Limits.MaxNotificationBodyLength);
        await Outbox.EnqueueAsync(Notification("n-long", body: body));

        Assert.Equal(body, (await Outbox.FindAsync("n-long"))!.Body);
        Assert.False((await Outbox.EnqueueAsync(Notification("n-long", body: body))).Inserted);
    }
}

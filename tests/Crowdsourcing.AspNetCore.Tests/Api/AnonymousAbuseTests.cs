using System.Net;
using Crowdsourcing.AspNetCore.Tests.Support;
using Crowdsourcing.Crowd;
using Crowdsourcing.Tasks;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>
/// The abuse list of issue 12, tried against the API as it was tried against the old sample host: every item is now
/// refused, and nothing changes.
/// </summary>
public sealed class AnonymousAbuseTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private const string C = "/campaigns/" + ApiWorld.CampaignId;

    [Fact]
    public async Task Campaigns_the_crowd_cycles_with_beliefs_workshop_invitees_and_the_collaboration_graph_are_not_readable_anonymously()
    {
        using var anonymous = world.Host.Anonymous();
        foreach (var path in new[] { "/campaigns", C, C + "/crowd", C + "/cycles", C + "/cycles/1", C + "/contacts/next", C + "/workshop", C + "/collaboration", C + "/heatmap", "/participants/alice", "/tasks", "/tasks/" + ApiWorld.TaskId, "/questionnaires/" + ApiWorld.QuestionnaireId })
        {
            var problem = await ProblemAsync(await anonymous.GetAsync(path), HttpStatusCode.Unauthorized);
            Assert.DoesNotContain("alice", problem.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_knowledge_request_is_not_readable_by_naming_its_assignee_and_nobody_saves_submits_or_delegates_as_someone_else()
    {
        await world.AssignAsync("abuse-1", "alice");
        var before = await StoreSnapshot.TakeAsync(world.Host.Services);
        using var anonymous = world.Host.Anonymous();
        await ProblemAsync(await anonymous.GetAsync("/assignments/abuse-1?participantId=alice"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await PutAsync(anonymous, "/assignments/abuse-1/draft", new { participantId = "alice", responseVersion = 1 }), HttpStatusCode.Unauthorized);
        await ProblemAsync(await PostAsync(anonymous, "/assignments/abuse-1/submission", new { participantId = "alice", responseVersion = 1, answers = ApiWorld.MandatoryAnswers() }), HttpStatusCode.Unauthorized);
        await ProblemAsync(await PostAsync(anonymous, "/assignments/abuse-1/delegations", new { fromParticipantId = "alice", toParticipantId = "bob" }), HttpStatusCode.Unauthorized);

        // Signed in as carol, naming alice changes nothing: the query is ignored, the body field is refused.
        var carol = world.As("carol");
        await ProblemAsync(await carol.GetAsync("/assignments/abuse-1?participantId=alice"), HttpStatusCode.Forbidden);
        Assert.Single(FieldErrors(await ProblemAsync(await PutAsync(carol, "/assignments/abuse-1/draft", new { participantId = "alice", responseVersion = 1 }), HttpStatusCode.BadRequest), "$.participantId"));
        await ProblemAsync(await PutAsync(carol, "/assignments/abuse-1/draft", new { responseVersion = 1 }), HttpStatusCode.Forbidden);
        await ProblemAsync(await PostAsync(carol, "/assignments/abuse-1/submission", new { responseVersion = 1, answers = ApiWorld.MandatoryAnswers() }), HttpStatusCode.Forbidden);
        Assert.Single(FieldErrors(await ProblemAsync(await PostAsync(carol, "/assignments/abuse-1/delegations", new { fromParticipantId = "alice", toParticipantId = "bob" }), HttpStatusCode.BadRequest), "$.fromParticipantId"));
        Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));
    }

    [Fact]
    public async Task The_stored_modifiedBy_is_the_signed_in_person_so_a_409_names_who_really_saved()
    {
        await world.AssignAsync("abuse-2", "alice", "bob");
        var saved = await ReadAsync(await PutAsync(world.As("alice"), "/assignments/abuse-2/draft", new { responseVersion = 1, answers = new[] { new { questionId = "w1-q1", value = "ERP" } } }));
        Assert.Equal("alice", (string?)saved["modifiedBy"]);
        var conflict = await ProblemAsync(await PutAsync(world.As("bob"), "/assignments/abuse-2/draft", new { responseVersion = 1, answers = new[] { new { questionId = "w1-q1", value = "CRM" } } }), HttpStatusCode.Conflict);
        Assert.Equal("alice", (string?)conflict["modifiedBy"]);
        Assert.NotNull(conflict["modifiedAt"]);
    }

    [Fact]
    public async Task Organiser_actions_are_refused_to_the_anonymous_and_to_participants_and_forged_authors_are_refused()
    {
        await world.AssignAsync("abuse-3", "alice");
        var before = await StoreSnapshot.TakeAsync(world.Host.Services);
        using var anonymous = world.Host.Anonymous();
        var outsider = world.As("outsider");
        foreach (var client in new[] { anonymous, outsider })
        {
            var expected = client == anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            await ProblemAsync(await PostAsync(client, "/assignments", new { id = "abuse-new", campaignId = ApiWorld.CampaignId, subject = new { id = "acme", name = "ACME" }, assigneeIds = new[] { "alice" } }), expected);
            await ProblemAsync(await PostAsync(client, "/assignments/abuse-3/cancellation", new { reason = "visitor" }), expected);
            await ProblemAsync(await client.PostAsync("/tasks", Model(new CrowdTask("abuse-task", "Task", TaskKind.MicroTask, Confidentiality.Public, [CrowdLayer.General]))), expected);
            await ProblemAsync(await client.PostAsync("/campaigns", Model(ApiWorld.Campaign("abuse-campaign"))), expected);
            await ProblemAsync(await client.PostAsync(C + "/cycles", null), expected);
        }

        // The old fields that named the author are refused, not trusted.
        Assert.Single(FieldErrors(await ProblemAsync(await PostAsync(world.Organiser, "/assignments", new { id = "abuse-forged", campaignId = ApiWorld.CampaignId, subject = new { id = "acme", name = "ACME" }, assigneeIds = new[] { "alice" }, createdBy = "nobody-at-all" }), HttpStatusCode.BadRequest), "$.createdBy"));
        Assert.Single(FieldErrors(await ProblemAsync(await PostAsync(world.Organiser, "/assignments/abuse-3/cancellation", new { cancelledBy = "visitor" }), HttpStatusCode.BadRequest), "$.cancelledBy"));
        Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));
    }

    [Fact]
    public async Task Nobody_bypasses_the_layer_check_by_naming_an_internal_participant_or_registering_one()
    {
        var before = await StoreSnapshot.TakeAsync(world.Host.Services);
        var outsider = world.As("outsider");
        var refused = await ProblemAsync(await outsider.GetAsync($"/tasks/{ApiWorld.TaskId}?participantId=alice"), HttpStatusCode.Forbidden);
        Assert.Equal("outsider", (string?)refused["participantId"]);
        Assert.Equal("general", (string?)refused["layer"]);
        Assert.Empty((await ReadAsync(await outsider.GetAsync("/tasks?participantId=alice"))).AsArray());

        await ProblemAsync(await outsider.PostAsync("/participants", Json("""{ "id": "outsider-2", "displayName": "Me again", "layer": "internal" }""")), HttpStatusCode.Forbidden);
        using var anonymous = world.Host.Anonymous();
        await ProblemAsync(await anonymous.PostAsync("/participants", Json("""{ "id": "visitor-2", "displayName": "Visitor", "layer": "internal" }""")), HttpStatusCode.Unauthorized);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));
    }

    [Fact]
    public async Task Cycle_runs_are_rate_limited_per_person_and_the_refused_runs_record_nothing()
    {
        await using var host = await ApiHost.StartAsync(api: options => options.CycleRunsPerWindow = 3);
        var world = new ApiWorld { Start = () => Task.FromResult(host) };
        await world.InitializeAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            var response = await world.Organiser.PostAsync(C + "/cycles?force=true", null);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await ProblemAsync(response, HttpStatusCode.TooManyRequests);
                Assert.Contains("Nothing was changed", (string?)problem["detail"], StringComparison.Ordinal);
                Assert.True(response.Headers.RetryAfter is not null);
            }
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(3, (await ReadAsync(await world.Organiser.GetAsync(C + "/cycles")))["cycles"]!.AsArray().Count);
    }
}

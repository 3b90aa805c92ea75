using System.Net;
using Crowdsourcing.AspNetCore.Tests.Support;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>Delegation to colleagues, the chain of a question and the collaboration graph.</summary>
public sealed class DelegationApiTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private HttpClient Client => world.Organiser;

    [Fact]
    public async Task A_delegation_is_recorded_in_the_chain_and_the_collaboration_graph_and_lets_the_colleague_answer()
    {
        await world.AssignAsync("d-flow");
        var created = await world.As("alice").PostAsync("/assignments/d-flow/delegations", Body(new { toParticipantId = "bob", questionIds = new[] { "w1-q1", "w1-q2" }, message = "You know their ERP" }));
        var assignment = await ReadAsync(created, HttpStatusCode.Created);
        var delegation = Assert.Single(assignment["delegations"]!.AsArray());
        Assert.Equal("bob", (string?)delegation!["toParticipantId"]);

        var again = await world.As("bob").PostAsync("/assignments/d-flow/delegations", Body(new { toParticipantId = "carol", questionIds = new[] { "w1-q2" } }));
        await ReadAsync(again, HttpStatusCode.Created);

        var chain = await ReadAsync(await world.As("bob").GetAsync("/assignments/d-flow/delegations?questionId=w1-q2"));
        Assert.Equal(["alice->bob", "bob->carol"], chain.AsArray().Select(d => $"{d!["fromParticipantId"]}->{d["toParticipantId"]}"));
        Assert.Single((await ReadAsync(await Client.GetAsync("/assignments/d-flow/delegations?questionId=w1-q1"))).AsArray());
        Assert.Equal(2, (await ReadAsync(await Client.GetAsync("/assignments/d-flow/delegations"))).AsArray().Count);

        var view = await ReadAsync(await world.As("bob").GetAsync("/assignments/d-flow"));
        Assert.Equal(["w1-q1", "w1-q2"], view["answerableQuestionIds"]!.AsArray().Select(q => (string)q!).Order());
        var saved = await ReadAsync(await PutAsync(world.As("bob"), "/assignments/d-flow/draft", new { responseVersion = (long)view["response"]!["version"]!, answers = new[] { new { questionId = "w1-q1", value = "SAP" } } }));
        Assert.Equal("bob", (string?)saved["answers"]![0]!["answeredBy"]);

        var graph = await ReadAsync(await Client.GetAsync($"/campaigns/{ApiWorld.CampaignId}/collaboration"));
        Assert.Contains(graph["edges"]!.AsArray(), e => (string?)e!["assignmentId"] == "d-flow" && (string?)e["delegation"]!["toParticipantId"] == "carol");
        var edges = graph["edges"]!.AsArray().Where(e => (string?)e!["assignmentId"] == "d-flow").ToList();
        Assert.Single(edges, e => (string?)e!["delegation"]!["toParticipantId"] == "bob");
        Assert.Single(edges, e => (string?)e!["delegation"]!["fromParticipantId"] == "bob");
        var bob = graph["nodes"]!.AsArray().Single(n => (string?)n!["participantId"] == "bob")!;
        Assert.True((int)bob["answersGiven"]! >= 1);
    }

    [Fact]
    public async Task Delegating_to_someone_who_is_not_a_colleague_is_a_400_with_the_reason()
    {
        await world.AssignAsync("d-stranger");
        var problem = await ProblemAsync(await PostAsync(world.As("alice"), "/assignments/d-stranger/delegations", new { toParticipantId = "boss" }), HttpStatusCode.BadRequest);
        Assert.Equal("not-a-colleague", (string?)problem["reason"]);
        Assert.Single(FieldErrors(problem, "toParticipantId"));
    }

    [Fact]
    public async Task Delegating_an_unknown_question_or_back_round_a_cycle_is_a_400()
    {
        await world.AssignAsync("d-cycle");
        var unknown = await ProblemAsync(await PostAsync(world.As("alice"), "/assignments/d-cycle/delegations", new { toParticipantId = "bob", questionIds = new[] { "zz-q1" } }), HttpStatusCode.BadRequest);
        Assert.Equal("unknown-questions", (string?)unknown["reason"]);

        await ReadAsync(await PostAsync(world.As("alice"), "/assignments/d-cycle/delegations", new { toParticipantId = "bob", questionIds = new[] { "w2-q1" } }), HttpStatusCode.Created);
        var cycle = await ProblemAsync(await PostAsync(world.As("bob"), "/assignments/d-cycle/delegations", new { toParticipantId = "alice", questionIds = new[] { "w2-q1" } }), HttpStatusCode.BadRequest);
        Assert.Equal("cycle", (string?)cycle["reason"]);

        var twice = await ProblemAsync(await PostAsync(world.As("alice"), "/assignments/d-cycle/delegations", new { toParticipantId = "bob", questionIds = new[] { "w1-q1", "w1-q1" } }), HttpStatusCode.BadRequest);
        Assert.Single(FieldErrors(twice, "questionIds"));
    }

    [Fact]
    public async Task Delegating_to_a_colleague_the_task_does_not_allow_is_a_403()
    {
        await world.AssignAsync("d-secret");
        var problem = await ProblemAsync(await PostAsync(world.As("alice"), "/assignments/d-secret/delegations", new { toParticipantId = "outsider" }), HttpStatusCode.Forbidden);
        Assert.Equal("outsider", (string?)problem["participantId"]);
        var forged = await ProblemAsync(await PostAsync(world.As("carol"), "/assignments/d-secret/delegations", new { fromParticipantId = "alice", toParticipantId = "bob" }), HttpStatusCode.BadRequest);
        Assert.Single(FieldErrors(forged, "$.fromParticipantId"));
        await ProblemAsync(await PostAsync(world.As("carol"), "/assignments/d-secret/delegations", new { toParticipantId = "bob" }), HttpStatusCode.Forbidden);
        Assert.Empty((await ReadAsync(await world.As("alice").GetAsync("/assignments/d-secret/delegations"))).AsArray());
    }

    [Fact]
    public async Task Unknown_requests_and_questions_are_404s()
    {
        await ProblemAsync(await PostAsync(world.As("alice"), "/assignments/none/delegations", new { toParticipantId = "bob" }), HttpStatusCode.NotFound);
        await ProblemAsync(await Client.GetAsync("/assignments/none/delegations"), HttpStatusCode.NotFound);
        await world.AssignAsync("d-question");
        await ProblemAsync(await Client.GetAsync("/assignments/d-question/delegations?questionId=zz"), HttpStatusCode.NotFound);
    }
}

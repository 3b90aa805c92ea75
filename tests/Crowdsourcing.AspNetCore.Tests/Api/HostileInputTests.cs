using System.Net;
using Crowdsourcing.AspNetCore.Tests.Support;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>
/// Hostile input against the web API (issue 16): ids with <c>/</c>, <c>..</c>, <c>%2F</c>, NUL and control characters,
/// 10 MB names, huge answers, deep JSON and wrong types. Each is a clear problem (400, or 413 for a body over the
/// limit) that says what and where, and the store is unchanged.
/// </summary>
public sealed class HostileInputTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private static readonly string Huge = new('x', 10_000_000);

    public static TheoryData<string, string> HostileParticipants => new()
    {
        { """{ "id": "a/b", "displayName": "Slash", "layer": "internal" }""", "Participant.Id has '/' at position 2" },
        { """{ "id": "..", "displayName": "Dots", "layer": "internal" }""", "Participant.Id must not start or end with a dot" },
        { """{ "id": ".", "displayName": "Dot", "layer": "internal" }""", "Participant.Id must not start or end with a dot" },
        { """{ "id": "a%2Fb", "displayName": "Encoded", "layer": "internal" }""", "Participant.Id has '%' at position 2" },
        { """{ "id": "a\u0000b", "displayName": "Nul", "layer": "internal" }""", "Participant.Id must not contain control characters; it has the character U+0000 at position 2" },
        { """{ "id": "team d536", "displayName": "Space", "layer": "internal" }""", "Participant.Id has the character U+0020 at position 5" },
        { """{ "id": "ok", "displayName": "Ann\u0007", "layer": "internal" }""", "Participant.DisplayName must not contain control characters; it has the character U+0007 at position 4" },
        { """{ "id": "ok", "displayName": "Ann\nSmith", "layer": "internal" }""", "Participant.DisplayName must not contain control characters" },
        { """{ "id": "ok", "displayName": "NAME", "layer": "internal" }""", "Participant.DisplayName must be at most 200 characters (value has 500,000)" },
        { """{ "id": "ok", "displayName": 42, "layer": "internal" }""", "$.displayName" },
        { """{ "id": ["ok"], "displayName": "Ann", "layer": "internal" }""", "$.id" },
        { """{ "id": "ok", "displayName": "Ann", "layer": "vip" }""", "$.layer" },
    };

    [Theory]
    [MemberData(nameof(HostileParticipants))]
    public async Task A_hostile_participant_is_a_400_saying_what_and_where_and_stores_nothing(string json, string fragment)
    {
        var before = await StoreSnapshot.TakeAsync(world.Host.Services);

        var problem = await ProblemAsync(await world.Admin.PostAsync("/participants", Json(json.Replace("NAME", new string('n', 500_000), StringComparison.Ordinal))), HttpStatusCode.BadRequest);

        Assert.Contains(fragment, problem.ToJsonString(Unescaped), StringComparison.Ordinal);
        Assert.True(problem.ToJsonString().Length < 4000, "the problem echoes the hostile value");
        Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));
    }

    [Fact]
    public async Task A_10_MB_name_is_refused_as_too_large_before_it_is_read()
    {
        var before = await StoreSnapshot.TakeAsync(world.Host.Services);

        var problem = await ProblemAsync(await world.Admin.PostAsync("/participants", Json($$"""{ "id": "huge", "displayName": "{{Huge}}", "layer": "internal" }""")), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("larger than 1048576 bytes", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));
    }

    [Fact]
    public async Task Deep_json_is_a_400_naming_where_and_stores_nothing()
    {
        var before = await StoreSnapshot.TakeAsync(world.Host.Services);
        var deep = string.Concat(Enumerable.Repeat("[", 1000)) + string.Concat(Enumerable.Repeat("]", 1000));

        var problem = await ProblemAsync(await world.Admin.PostAsync("/participants", Json($$"""{ "id": "deep", "displayName": "Deep", "layer": "internal", "qualifications": {{deep}} }""")), HttpStatusCode.BadRequest);

        Assert.Contains("$.qualifications", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));
    }

    [Theory]
    [InlineData("/participants/a%2Fb", "participantId has '%' at position 2")]
    [InlineData("/participants/.hidden", "participantId must not start or end with a dot")]
    [InlineData("/campaigns/a%20b", "campaignId has the character U+0020 at position 2")]
    [InlineData("/campaigns/client-assessments%2F..%2Fother/crowd", "campaignId has '%' at position 19")]
    [InlineData("/assignments/x%7F", "control character (U+007F)")]
    [InlineData("/tasks/LONG", "taskId must be at most 200 characters (value has 300)")]
    [InlineData("/questionnaires/%C3%BC", "questionnaireId has 'ü' at position 1")]
    public async Task A_route_id_that_can_never_exist_is_a_400_naming_the_route_parameter(string path, string fragment)
    {
        var before = await StoreSnapshot.TakeAsync(world.Host.Services);

        var problem = await ProblemAsync(await world.Admin.GetAsync(path.Replace("LONG", new string('x', 300), StringComparison.Ordinal)), HttpStatusCode.BadRequest);

        Assert.Contains(fragment, problem.ToJsonString(Unescaped), StringComparison.Ordinal);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));
    }

    [Fact]
    public async Task A_participant_created_with_a_valid_id_is_reachable_at_its_location()
    {
        var created = await world.Admin.PostAsync("/participants", Model(new Crowdsourcing.Crowd.Participant("Ann_O.Neill~2@x.example", "Ann", Crowdsourcing.Crowd.CrowdLayer.Internal)));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.Admin.GetAsync(created.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task A_huge_answer_is_a_400_naming_the_question_and_the_limit_and_saves_nothing()
    {
        await world.AssignAsync("hostile-answer", "alice");
        var version = await world.ResponseVersionAsync("hostile-answer", "alice");
        var before = await StoreSnapshot.TakeAsync(world.Host.Services);

        var problem = await ProblemAsync(
            await PutAsync(world.As("alice"), "/assignments/hostile-answer/draft", new { responseVersion = version, answers = new[] { new { questionId = "w1-q1", value = new string('a', 300_000) } } }),
            HttpStatusCode.BadRequest);

        Assert.Contains("w1-q1", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Answer.Value must be at most 65,536 characters (value has 300,000)", problem.ToJsonString(Unescaped), StringComparison.Ordinal);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));
    }

    [Fact]
    public async Task An_answer_with_a_nul_is_a_400_and_saves_nothing()
    {
        await world.AssignAsync("hostile-nul", "alice");
        var version = await world.ResponseVersionAsync("hostile-nul", "alice");
        var before = await StoreSnapshot.TakeAsync(world.Host.Services);

        var problem = await ProblemAsync(
            await PutAsync(world.As("alice"), "/assignments/hostile-nul/draft", new { responseVersion = version, answers = new[] { new { questionId = "w1-q1", value = "a\0b" } } }),
            HttpStatusCode.BadRequest);

        Assert.Contains("U+0000", problem.ToJsonString(Unescaped), StringComparison.Ordinal);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));
    }

    [Theory]
    [InlineData("""{ "id": "r/1", "campaignId": "client-assessments", "subject": { "id": "acme", "name": "ACME" }, "assigneeIds": ["alice"] }""", "NewAssignment.Id has '/' at position 2")]
    [InlineData("""{ "id": "r1", "campaignId": "client-assessments", "subject": { "id": "acme", "name": "NAME" }, "assigneeIds": ["alice"] }""", "Subject.Name must be at most 200 characters (value has 1,000)")]
    [InlineData("""{ "id": "r1", "campaignId": "client-assessments", "subject": { "id": "acme/1", "name": "ACME" }, "assigneeIds": ["alice"] }""", "Subject.Id has '/' at position 5")]
    [InlineData("""{ "id": "r1", "campaignId": "client-assessments", "subject": { "id": "acme", "name": "ACME" }, "assigneeIds": [".."] }""", "must not start or end with a dot")]
    public async Task A_hostile_knowledge_request_is_a_400_and_creates_nothing(string json, string fragment)
    {
        var before = await StoreSnapshot.TakeAsync(world.Host.Services);

        var problem = await ProblemAsync(await world.Organiser.PostAsync("/assignments", Json(json.Replace("NAME", new string('n', 1000), StringComparison.Ordinal))), HttpStatusCode.BadRequest);

        Assert.Contains(fragment, problem.ToJsonString(Unescaped), StringComparison.Ordinal);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));
    }

    [Fact]
    public async Task A_campaign_with_a_half_megabyte_name_is_a_400_and_stores_nothing()
    {
        var before = await StoreSnapshot.TakeAsync(world.Host.Services);
        var json = Crowdsourcing.Serialization.CrowdsourcingJson.Serialize(ApiWorld.Campaign("long-name"))
            .Replace("\"Client assessments\"", $"\"{new string('c', 500_000)}\"", StringComparison.Ordinal);

        var problem = await ProblemAsync(await world.Organiser.PostAsync("/campaigns", Json(json)), HttpStatusCode.BadRequest);

        Assert.Contains("Campaign.Name must be at most 200 characters (value has 500,000)", problem.ToJsonString(Unescaped), StringComparison.Ordinal);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));
    }

    private static readonly System.Text.Json.JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

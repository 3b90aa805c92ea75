using System.Net;
using Crowdsourcing.AspNetCore.Tests.Support;
using Crowdsourcing.Options;
using Microsoft.Extensions.DependencyInjection;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>The world of the API tests in a host that lowers the input limits (<c>Crowdsourcing:Limits</c>): names to
/// 50 characters, answers to 1,000.</summary>
public sealed class LoweredLimitsWorld : IAsyncLifetime
{
    public ApiWorld World { get; } = new()
    {
        Start = () => ApiHost.StartAsync(services: s => s.Configure<InputLimitsOptions>(o =>
        {
            o.MaxNameLength = 50;
            o.MaxAnswerLength = 1_000;
        })),
    };

    public Task InitializeAsync() => World.InitializeAsync();

    public Task DisposeAsync() => World.DisposeAsync();
}

/// <summary>
/// A host that lowers the input limits gets a 400 naming the field and the configured limit from every entry point
/// (participants, questionnaires and campaigns, knowledge requests, drafts), and the store is unchanged.
/// </summary>
public sealed class ConfiguredLimitsTests(LoweredLimitsWorld lowered) : IClassFixture<LoweredLimitsWorld>
{
    private static readonly System.Text.Json.JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private ApiWorld World => lowered.World;

    [Fact]
    public async Task A_participant_display_name_over_the_configured_limit_is_a_400_naming_the_field_and_the_limit()
    {
        var before = await StoreSnapshot.TakeAsync(World.Host.Services);

        var problem = await ProblemAsync(await World.Admin.PostAsync("/participants", Json($$"""{ "id": "long-name", "displayName": "{{new string('n', 60)}}", "layer": "internal" }""")), HttpStatusCode.BadRequest);

        Assert.Equal(["Participant.DisplayName must be at most 50 characters (value has 60)."], FieldErrors(problem, "DisplayName"));
        Assert.Equal(before, await StoreSnapshot.TakeAsync(World.Host.Services));
    }

    [Theory]
    [InlineData("/questionnaires", """{ "id": "q2", "name": "NAME", "subjectKind": "client", "sections": [ { "id": "s1", "title": "S", "group": "g", "questions": [ { "id": "q1", "text": "Q?" } ] } ] }""", "Questionnaire.Name")]
    [InlineData("/questionnaires", """{ "id": "q2", "name": "Q", "subjectKind": "client", "sections": [ { "id": "s1", "title": "NAME", "group": "g", "questions": [ { "id": "q1", "text": "Q?" } ] } ] }""", "QuestionnaireSection.Title")]
    [InlineData("/tasks", """{ "id": "t2", "name": "NAME", "kind": "macro-task", "confidentiality": "public", "allowedLayers": ["internal"] }""", "CrowdTask.Name")]
    [InlineData("/assignments", """{ "id": "r-long", "campaignId": "client-assessments", "subject": { "id": "acme", "name": "NAME" }, "assigneeIds": ["alice"] }""", "Subject.Name")]
    public async Task A_name_over_the_configured_limit_is_a_400_and_creates_nothing(string url, string json, string field)
    {
        var before = await StoreSnapshot.TakeAsync(World.Host.Services);

        var problem = await ProblemAsync(await World.Organiser.PostAsync(url, Json(json.Replace("NAME", new string('n', 51), StringComparison.Ordinal))), HttpStatusCode.BadRequest);

        Assert.Contains($"{field} must be at most 50 characters (value has 51).", problem.ToJsonString(Unescaped), StringComparison.Ordinal);
        Assert.Equal(before, await StoreSnapshot.TakeAsync(World.Host.Services));
    }

    [Fact]
    public async Task An_answer_over_the_configured_limit_is_a_400_naming_the_question_and_the_limit_and_saves_nothing()
    {
        await World.AssignAsync("lowered-answer", "alice");
        var version = await World.ResponseVersionAsync("lowered-answer", "alice");
        var before = await StoreSnapshot.TakeAsync(World.Host.Services);

        var problem = await ProblemAsync(
            await PutAsync(World.As("alice"), "/assignments/lowered-answer/draft", new { responseVersion = version, answers = new[] { new { questionId = "w1-q1", value = new string('a', 1_001) } } }),
            HttpStatusCode.BadRequest);

        Assert.Equal(["Answer.Value must be at most 1,000 characters (value has 1,001)."], FieldErrors(problem, "w1-q1"));
        Assert.Equal(before, await StoreSnapshot.TakeAsync(World.Host.Services));
    }
}

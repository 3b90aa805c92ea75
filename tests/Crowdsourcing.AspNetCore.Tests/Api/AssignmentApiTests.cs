using Microsoft.Extensions.DependencyInjection;
using Crowdsourcing.Assignments;
using System.Globalization;
using System.Net;
using Crowdsourcing.AspNetCore.Tests.Support;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>Knowledge requests: create, view, drafts with optimistic concurrency, submission, cancellation.</summary>
public sealed class AssignmentApiTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private HttpClient Client => world.Organiser;

    [Fact]
    public async Task A_manager_reads_the_escalations_about_their_reports_and_nobody_else_sees_them()
    {
        var store = world.Host.Services.GetRequiredService<Crowdsourcing.Storage.ICrowdsourcingStore>();
        var longAgo = DateTimeOffset.UtcNow - TimeSpan.FromDays(30);
        await store.Assignments.InsertAsync(new Assignment("a-overdue", ApiWorld.CampaignId, ApiWorld.TaskId, ApiWorld.QuestionnaireId, new Subject("acme", "ACME Corp"), ["bob"], AssignmentStatus.Draft, longAgo));

        var seen = await ReadAsync(await world.As("boss").GetAsync("/me/escalations"));
        var escalation = Assert.Single(seen.AsArray(), e => (string?)e!["assignmentId"] == "a-overdue")!;
        Assert.Equal("bob", (string?)escalation["participantId"]);
        Assert.Equal("draft", (string?)escalation["status"]);
        Assert.Null(escalation["answers"]);
        Assert.Empty((await ReadAsync(await world.As("alice").GetAsync("/me/escalations"))).AsArray());
        Assert.Empty((await ReadAsync(await world.Organiser.GetAsync("/me/escalations"))).AsArray());
        using var anonymous = world.Host.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/me/escalations")).StatusCode);
    }

    [Fact]
    public async Task A_request_is_created_viewed_drafted_and_submitted_to_acceptance()
    {
        var created = await Client.PostAsync("/assignments", Body(new { id = "a-flow", campaignId = ApiWorld.CampaignId, subject = new { id = "acme", name = "ACME Corp" }, assigneeIds = new[] { "alice" } }));
        var assignment = await ReadAsync(created, HttpStatusCode.Created);
        Assert.Equal("/assignments/a-flow", created.Headers.Location?.OriginalString);
        Assert.Equal("draft", (string?)assignment["status"]);

        var view = await ReadAsync(await world.As("alice").GetAsync("/assignments/a-flow"));
        Assert.Equal(1, (long)view["response"]!["version"]!);
        Assert.Equal(5, view["answerableQuestionIds"]!.AsArray().Count);
        Assert.Equal(ApiWorld.QuestionnaireId, (string?)view["questionnaire"]!["id"]);

        var draft = await ReadAsync(await PutAsync(world.As("alice"), "/assignments/a-flow/draft", new { responseVersion = 1, answers = new[] { new { questionId = "w1-q1", value = "ERP" } } }));
        Assert.Equal(2, (long)draft["version"]!);
        Assert.Equal("ERP", (string?)draft["answers"]![0]!["value"]);

        var answers = ApiWorld.MandatoryAnswers().Append(new { questionId = "w1-q3", value = "40" }).ToArray();
        var outcome = await ReadAsync(await PostAsync(world.As("alice"), "/assignments/a-flow/submission", new { responseVersion = 2, answers }));
        Assert.True((bool)outcome["accepted"]!);
        Assert.Equal("accepted", (string?)outcome["assignment"]!["status"]);
        Assert.Equal("good", (string?)outcome["assessment"]!["readinessLevel"]);

        var mine = await ReadAsync(await world.As("alice").GetAsync("/assignments"));
        Assert.Contains(mine.AsArray(), a => (string?)a!["id"] == "a-flow");
    }

    [Fact]
    public async Task A_submission_that_fails_a_quality_rule_is_reopened_with_feedback()
    {
        await world.AssignAsync("a-reopen");
        var outcome = await ReadAsync(await PostAsync(world.As("alice"), "/assignments/a-reopen/submission", new { responseVersion = 1, answers = ApiWorld.MandatoryAnswers() }));
        Assert.False((bool)outcome["accepted"]!);
        Assert.Equal("reopened", (string?)outcome["assignment"]!["status"]);
        Assert.Contains(outcome["assessment"]!["violations"]!.AsArray(), v => (string?)v!["ruleId"] == "workload-detail");
    }

    [Fact]
    public async Task An_organiser_reopens_an_accepted_request_with_a_reason_and_the_assignee_is_notified()
    {
        await world.AssignAsync("a-organiser-reopen");
        var answers = ApiWorld.MandatoryAnswers().Append(new { questionId = "w1-q3", value = "40" }).ToArray();
        var accepted = await ReadAsync(await PostAsync(world.As("alice"), "/assignments/a-organiser-reopen/submission", new { responseVersion = 1, answers }));
        Assert.Equal("accepted", (string?)accepted["assignment"]!["status"]);
        var version = (long)accepted["assignment"]!["version"]!;

        await ProblemAsync(await PostAsync(Client, "/assignments/a-organiser-reopen/reopen", new { reason = "Check the count", version = version - 1 }), HttpStatusCode.Conflict);
        var blank = await ProblemAsync(await PostAsync(Client, "/assignments/a-organiser-reopen/reopen", new { reason = " " }), HttpStatusCode.BadRequest);
        Assert.NotEmpty(FieldErrors(blank, "reason"));
        var forged = await ProblemAsync(await PostAsync(Client, "/assignments/a-organiser-reopen/reopen", new { reason = "x", reopenedBy = "someone-else" }), HttpStatusCode.BadRequest);
        Assert.NotNull(forged);
        await ProblemAsync(await PostAsync(world.As("alice"), "/assignments/a-organiser-reopen/reopen", new { reason = "I want to change it" }), HttpStatusCode.Forbidden);

        var reopened = await ReadAsync(await PostAsync(Client, "/assignments/a-organiser-reopen/reopen", new { reason = "The server count looks too low; please check it.", version }));
        Assert.Equal("reopened", (string?)reopened["status"]);
        Assert.Equal("organiser", (string?)reopened["modifiedBy"]);
        Assert.Equal(["The server count looks too low; please check it."], reopened["feedback"]!.AsArray().Select(f => (string?)f));

        var store = world.Host.Services.GetRequiredService<Crowdsourcing.Storage.ICrowdsourcingStore>();
        var notice = await store.Outbox.FindAsync($"assignment-reopened:a-organiser-reopen:v{version}:alice");
        Assert.NotNull(notice);
        Assert.Contains("The server count looks too low", notice.Body, StringComparison.Ordinal);

        // Reopened: the assignee can save again, and a second reopening is refused until it is submitted.
        await ProblemAsync(await PostAsync(Client, "/assignments/a-organiser-reopen/reopen", new { reason = "Again" }), HttpStatusCode.Conflict);
        var draftVersion = await world.ResponseVersionAsync("a-organiser-reopen", "alice");
        await ReadAsync(await PutAsync(world.As("alice"), "/assignments/a-organiser-reopen/draft", new { responseVersion = draftVersion, answers = new[] { new { questionId = "w1-q3", value = "45" } } }));
    }

    [Fact]
    public async Task An_administrator_deletes_a_cancelled_request_and_only_a_cancelled_one()
    {
        await world.AssignAsync("a-delete");
        await ProblemAsync(await world.Admin.DeleteAsync("/assignments/a-delete"), HttpStatusCode.Conflict);
        await ReadAsync(await PostAsync(Client, "/assignments/a-delete/cancellation", new { reason = "Created by mistake" }));
        await ProblemAsync(await Client.DeleteAsync("/assignments/a-delete"), HttpStatusCode.Forbidden);
        await ProblemAsync(await world.Admin.DeleteAsync("/assignments/a-delete?version=1"), HttpStatusCode.Conflict);
        await ProblemAsync(await world.Admin.DeleteAsync("/assignments/a-delete?version=abc"), HttpStatusCode.BadRequest);

        var deleted = await world.Admin.DeleteAsync("/assignments/a-delete?version=2");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        await ProblemAsync(await Client.GetAsync("/assignments/a-delete"), HttpStatusCode.NotFound);
        await ProblemAsync(await world.Admin.DeleteAsync("/assignments/a-delete"), HttpStatusCode.NotFound);
        var store = world.Host.Services.GetRequiredService<Crowdsourcing.Storage.ICrowdsourcingStore>();
        Assert.Null(await store.Responses.FindAsync("a-delete"));
        Assert.NotNull(await store.Outbox.FindAsync("assignment-cancelled:a-delete:alice"));
    }

    [Fact]
    public async Task Two_saves_of_the_same_version_conflict_and_the_second_says_who_saved_and_when()
    {
        await world.AssignAsync("a-conflict", "alice", "bob");
        var version = await world.ResponseVersionAsync("a-conflict", "alice");
        Assert.Equal(version, await world.ResponseVersionAsync("a-conflict", "bob"));

        var first = await ReadAsync(await PutAsync(world.As("alice"), "/assignments/a-conflict/draft", new { responseVersion = version, answers = new[] { new { questionId = "w1-q1", value = "ERP" } } }));
        var problem = await ProblemAsync(await PutAsync(world.As("bob"), "/assignments/a-conflict/draft", new { responseVersion = version, answers = new[] { new { questionId = "w1-q1", value = "CRM" } } }), HttpStatusCode.Conflict);

        Assert.Equal("Response", (string?)problem["recordType"]);
        Assert.Equal("a-conflict", (string?)problem["recordId"]);
        Assert.Equal(version, (long)problem["expectedVersion"]!);
        Assert.Equal(version + 1, (long)problem["actualVersion"]!);
        Assert.Equal("alice", (string?)problem["modifiedBy"]);
        Assert.Equal((DateTimeOffset)first["modifiedAt"]!, DateTimeOffset.Parse((string)problem["modifiedAt"]!, CultureInfo.InvariantCulture));
        Assert.Contains("'alice'", (string?)problem["detail"], StringComparison.Ordinal);

        var view = await ReadAsync(await world.As("bob").GetAsync("/assignments/a-conflict"));
        Assert.Equal("ERP", (string?)view["response"]!["answers"]![0]!["value"]);
    }

    [Fact]
    public async Task An_answer_that_fails_its_question_is_a_400_naming_the_question()
    {
        await world.AssignAsync("a-invalid");
        var problem = await ProblemAsync(await PutAsync(world.As("alice"), "/assignments/a-invalid/draft", new { responseVersion = 1, answers = new[] { new { questionId = "w1-q3", value = "250" }, new { questionId = "w9-q9", value = "x" } } }), HttpStatusCode.BadRequest);
        Assert.Contains("100", Assert.Single(FieldErrors(problem, "w1-q3")), StringComparison.Ordinal);
        Assert.Single(FieldErrors(problem, "w9-q9"));
    }

    [Fact]
    public async Task Submitting_with_mandatory_questions_unanswered_lists_each_of_them()
    {
        await world.AssignAsync("a-missing");
        var problem = await ProblemAsync(await PostAsync(world.As("alice"), "/assignments/a-missing/submission", new { responseVersion = 1, answers = new[] { new { questionId = "w1-q1", value = "ERP" } } }), HttpStatusCode.BadRequest);
        foreach (var question in new[] { "w1-q2", "w2-q1", "d1-q1" })
        {
            Assert.Single(FieldErrors(problem, question));
        }

        Assert.DoesNotContain("w1-q1", problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Bad_bodies_are_400s_with_the_json_path_or_the_field()
    {
        await world.AssignAsync("a-bodies");
        var alice = world.As("alice");
        var wrongType = await ProblemAsync(await alice.PutAsync("/assignments/a-bodies/draft", Json("""{ "responseVersion": "one" }""")), HttpStatusCode.BadRequest);
        Assert.Single(FieldErrors(wrongType, "$.responseVersion"));

        var numberAsString = await ProblemAsync(await alice.PutAsync("/assignments/a-bodies/draft", Json("""{ "responseVersion": "1" }""")), HttpStatusCode.BadRequest);
        Assert.Contains("number", Assert.Single(FieldErrors(numberAsString, "$.responseVersion")), StringComparison.Ordinal);

        var missing = await ProblemAsync(await alice.PutAsync("/assignments/a-bodies/draft", Json("""{ "answers": [] }""")), HttpStatusCode.BadRequest);
        Assert.Contains("responseVersion", (string?)missing["detail"], StringComparison.Ordinal);

        var unknown = await ProblemAsync(await alice.PutAsync("/assignments/a-bodies/draft", Json("""{ "responseVersion": 1, "answer": [] }""")), HttpStatusCode.BadRequest);
        Assert.Contains("answer", (string?)unknown["detail"], StringComparison.Ordinal);

        var forgedAuthor = await ProblemAsync(await alice.PutAsync("/assignments/a-bodies/draft", Json("""{ "participantId": "bob", "responseVersion": 1 }""")), HttpStatusCode.BadRequest);
        Assert.Single(FieldErrors(forgedAuthor, "$.participantId"));

        var malformed = await ProblemAsync(await alice.PutAsync("/assignments/a-bodies/draft", Json("""{ "responseVersion": """)), HttpStatusCode.BadRequest);
        Assert.NotNull(malformed["errors"]);

        var version = await ProblemAsync(await PutAsync(world.As("alice"), "/assignments/a-bodies/draft", new { responseVersion = 0 }), HttpStatusCode.BadRequest);
        Assert.Single(FieldErrors(version, "responseVersion"));

        var twice = await ProblemAsync(await PostAsync(Client, "/assignments", new { id = "a-twice", campaignId = ApiWorld.CampaignId, subject = new { id = "acme", name = "ACME" }, assigneeIds = new[] { "alice", "alice" } }), HttpStatusCode.BadRequest);
        Assert.Contains("more than once", Assert.Single(FieldErrors(twice, "assigneeIds")), StringComparison.Ordinal);

        var forged = await ProblemAsync(await PostAsync(Client, "/assignments", new { id = "a-forged", campaignId = ApiWorld.CampaignId, subject = new { id = "acme", name = "ACME" }, assigneeIds = new[] { "alice" }, createdBy = "nobody-at-all" }), HttpStatusCode.BadRequest);
        Assert.Single(FieldErrors(forged, "$.createdBy"));
    }

    [Fact]
    public async Task Confidentiality_refuses_an_assignee_outside_the_allowed_layers_with_a_403()
    {
        var problem = await ProblemAsync(await PostAsync(Client, "/assignments", new { id = "a-outsider", campaignId = ApiWorld.CampaignId, subject = new { id = "acme", name = "ACME" }, assigneeIds = new[] { "outsider" } }), HttpStatusCode.Forbidden);
        Assert.Equal("outsider", (string?)problem["participantId"]);
        Assert.Equal(ApiWorld.TaskId, (string?)problem["taskId"]);
        Assert.Equal("confidential", (string?)problem["confidentiality"]);
        await ProblemAsync(await world.As("alice").GetAsync("/assignments/a-outsider"), HttpStatusCode.NotFound);

        await world.AssignAsync("a-view");
        var viewer = await ProblemAsync(await world.As("outsider").GetAsync("/assignments/a-view"), HttpStatusCode.Forbidden);
        Assert.Equal("outsider", (string?)viewer["actorId"]);
    }

    [Fact]
    public async Task A_participant_who_is_not_a_contributor_is_refused_with_a_403()
    {
        await world.AssignAsync("a-private");
        var problem = await ProblemAsync(await world.As("carol").GetAsync("/assignments/a-private"), HttpStatusCode.Forbidden);
        Assert.Equal("carol", (string?)problem["actorId"]);
    }

    [Fact]
    public async Task Unknown_requests_and_participants_are_404s()
    {
        await ProblemAsync(await world.As("alice").GetAsync("/assignments/none"), HttpStatusCode.NotFound);
        await ProblemAsync(await PutAsync(world.As("alice"), "/assignments/none/draft", new { responseVersion = 1 }), HttpStatusCode.NotFound);
        await ProblemAsync(await PostAsync(world.As("alice"), "/assignments/none/submission", new { responseVersion = 1 }), HttpStatusCode.NotFound);
        await ProblemAsync(await PostAsync(Client, "/assignments/none/cancellation", new { }), HttpStatusCode.NotFound);
        var nobody = await ProblemAsync(await PostAsync(Client, "/assignments", new { id = "a-nobody", campaignId = ApiWorld.CampaignId, subject = new { id = "acme", name = "ACME" }, assigneeIds = new[] { "nobody" } }), HttpStatusCode.NotFound);
        Assert.Equal("nobody", (string?)nobody["recordId"]);
    }

    [Fact]
    public async Task A_cancelled_request_cannot_be_cancelled_or_saved_again()
    {
        await world.AssignAsync("a-cancel");
        var cancelled = await ReadAsync(await PostAsync(Client, "/assignments/a-cancel/cancellation", new { reason = "Client lost" }));
        Assert.Equal("cancelled", (string?)cancelled["status"]);

        var again = await ProblemAsync(await PostAsync(Client, "/assignments/a-cancel/cancellation", new { }), HttpStatusCode.Conflict);
        Assert.Equal("cancelled", (string?)again["assignmentStatus"]);
        var save = await ProblemAsync(await PutAsync(world.As("alice"), "/assignments/a-cancel/draft", new { responseVersion = 1 }), HttpStatusCode.Conflict);
        Assert.Equal("a-cancel", (string?)save["assignmentId"]);
        var forged = await ProblemAsync(await PostAsync(Client, "/assignments/a-cancel/cancellation", new { cancelledBy = "visitor" }), HttpStatusCode.BadRequest);
        Assert.Contains("'cancelledBy' is not a property here", Assert.Single(FieldErrors(forged, "$.cancelledBy")), StringComparison.Ordinal);
    }
}

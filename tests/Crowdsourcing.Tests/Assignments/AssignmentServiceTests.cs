using Crowdsourcing.Access;
using static Crowdsourcing.Tests.Support.ActingAs;
using Crowdsourcing.Assignments;
using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;
using Crowdsourcing.Tests.Support;

namespace Crowdsourcing.Tests.Assignments;

public sealed class AssignmentServiceTests
{
    [Fact]
    public async Task Create_stores_a_draft_with_an_empty_response_and_notifies_each_assignee_in_one_commit()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);

        var assignment = await Scenario.AssignAsync(host, "a-1", "alice", "bob");

        Assert.Equal(AssignmentStatus.Draft, assignment.Status);
        Assert.Equal(1, assignment.Version);
        Assert.Equal(Scenario.TaskId, assignment.TaskId);
        Assert.Equal(Scenario.QuestionnaireId, assignment.QuestionnaireId);
        Assert.Equal(host.Time.GetUtcNow(), assignment.CreatedAt);
        var response = await host.Store.Responses.FindAsync("a-1");
        Assert.NotNull(response);
        Assert.Empty(response.Answers);
        var outbox = await host.OutboxAsync();
        Assert.Equal(["assignment-created:a-1:alice", "assignment-created:a-1:bob"], outbox.Select(n => n.Id));
        Assert.All(outbox, n =>
        {
            Assert.Equal("email", n.Channel);
            Assert.Equal(NotificationKinds.AssignmentCreated, n.Kind);
            Assert.Contains("ACME Corp", n.Subject, StringComparison.Ordinal);
        });
        Assert.Single(host.Logs.WithEvent(1100));
        Assert.Equal(1, host.Metrics.Count("Assignment", "create"));
        Assert.Equal(2, host.Metrics.Count("Notification", "enqueue"));
    }

    [Fact]
    public async Task Create_is_idempotent_a_retry_returns_the_stored_request_without_new_notifications()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        var first = await Scenario.AssignAsync(host);
        host.Time.Advance(TimeSpan.FromHours(1));

        var retry = await Scenario.AssignAsync(host);

        Assert.Equal((first.Id, first.Version, first.CreatedAt), (retry.Id, retry.Version, retry.CreatedAt));
        Assert.Single(await host.OutboxAsync());
        Assert.Equal(1, host.Metrics.Count("Assignment", "create"));
    }

    [Fact]
    public async Task Create_with_the_id_of_another_request_is_a_duplicate()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var ex = await Assert.ThrowsAsync<DuplicateRecordException>(() => Scenario.AssignAsync(host, "a-1", "bob"));

        Assert.Equal("a-1", ex.RecordId);
    }

    [Fact]
    public async Task Create_refuses_an_unknown_campaign_or_assignee_and_stores_nothing()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);

        var campaign = await Assert.ThrowsAsync<NotFoundException>(async () => await host.Assignments.CreateAsync(new NewAssignment("a-1", "nope", new Subject("acme", "ACME"), ["alice"])));
        var participant = await Assert.ThrowsAsync<NotFoundException>(() => Scenario.AssignAsync(host, "a-1", "alice", "ghost"));

        Assert.Equal(("Campaign", "nope"), (campaign.RecordType, campaign.RecordId));
        Assert.Equal(("Participant", "ghost"), (participant.RecordType, participant.RecordId));
        Assert.Null(await host.Store.Assignments.FindAsync("a-1"));
        Assert.Empty(await host.OutboxAsync());
    }

    [Fact]
    public void A_new_assignment_request_is_validated_at_construction()
    {
        var subject = new Subject("acme", "ACME");

        Assert.Contains("at least one assignee", Assert.Throws<ValidationFailedException>(() => new NewAssignment("a", "c", subject, [])).Message, StringComparison.Ordinal);
        Assert.Contains("'alice' more than once", Assert.Throws<ValidationFailedException>(() => new NewAssignment("a", "c", subject, ["alice", "alice"])).Message, StringComparison.Ordinal);
        Assert.Contains("NewAssignment.Id", Assert.Throws<ValidationFailedException>(() => new NewAssignment(" ", "c", subject, ["alice"])).Message, StringComparison.Ordinal);
        Assert.Contains("NewAssignment.AssigneeIds[1]", Assert.Throws<ValidationFailedException>(() => new NewAssignment("a", "c", subject, ["alice", ""])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new NewAssignment("a", "c", null!, ["alice"]));
    }

    [Fact]
    public async Task Get_shows_a_contributor_the_request_its_answers_and_what_they_may_answer()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var view = await host.Assignments.GetAsync("a-1", "alice");

        Assert.Equal("a-1", view.Assignment.Id);
        Assert.Equal(1, view.Response.Version);
        Assert.Equal(["w1-q1", "w1-q2", "w1-q3", "w2-q1", "d1-q1"], view.AnswerableQuestionIds);
    }

    [Fact]
    public async Task Get_refuses_a_participant_who_is_not_a_contributor_and_an_unknown_request()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(async () => await host.Assignments.GetAsync("a-1", "bob"));
        await Assert.ThrowsAsync<NotFoundException>(async () => await host.Assignments.GetAsync("nope", "alice"));

        Assert.Equal(("a-1", "bob"), (ex.ResourceId, ex.ActorId));
    }

    [Fact]
    public async Task A_draft_save_checks_and_stores_the_answers_with_who_and_when_in_questionnaire_order()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        host.Time.Advance(TimeSpan.FromHours(2));

        var saved = await host.Assignments.SaveDraftAsync("a-1", "alice", 1, [new("d1-q1", "2027-01-31"), new("w1-q3", "42.5"), new("w1-q1", "ERP")]);

        Assert.Equal(2, saved.Version);
        Assert.Equal("alice", saved.ModifiedBy);
        Assert.Equal(host.Time.GetUtcNow(), saved.ModifiedAt);
        Assert.Equal(["w1-q1", "w1-q3", "d1-q1"], saved.Answers.Select(a => a.QuestionId));
        Assert.All(saved.Answers, a => Assert.Equal(("alice", host.Time.GetUtcNow()), (a.AnsweredBy, a.AnsweredAt)));
        Assert.Single(host.Logs.WithEvent(1101));
        Assert.Equal(1, host.Metrics.Count("Response", "save-draft"));
    }

    [Fact]
    public async Task A_null_or_blank_value_clears_an_answer()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        var first = await host.Assignments.SaveDraftAsync("a-1", "alice", 1, [new("w1-q1", "ERP"), new("w1-q2", "IT")]);

        var second = await host.Assignments.SaveDraftAsync("a-1", "alice", first.Version, [new("w1-q1", null), new("w1-q2", " ")]);

        Assert.Empty(second.Answers);
    }

    [Fact]
    public async Task A_draft_save_lists_every_refused_answer_by_question_id_and_saves_nothing()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var ex = await Assert.ThrowsAsync<AnswerValidationException>(async () => await host.Assignments.SaveDraftAsync("a-1", "alice", 1,
        [
            new("w1-q1", "ERP"),
            new("no-such-question", "x"),
            new("w1-q3", "250"),
            new("w2-q1", "mainframe"),
            new("d1-q1", "31/01/2027"),
            new("w1-q1", "again"),
        ]));

        Assert.Equal("a-1", ex.AssignmentId);
        Assert.Equal(["no-such-question", "w1-q3", "w2-q1", "d1-q1", "w1-q1"], ex.Problems.Select(p => p.QuestionId));
        Assert.Contains("has no question 'no-such-question'", ex.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("above the maximum 100", ex.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("'mainframe' is not one of the choices", ex.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("yyyy-MM-dd", ex.Problems[3].Message, StringComparison.Ordinal);
        Assert.Contains("again", ex.Problems[4].Message, StringComparison.Ordinal);
        var stored = await host.Store.Responses.FindAsync("a-1");
        Assert.Equal(1, stored!.Version);
        Assert.Empty(stored.Answers);
    }

    [Fact]
    public async Task Two_people_editing_the_second_save_fails_saying_who_changed_it_and_when_and_nothing_is_overwritten()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice", "bob");
        var aliceRead = await host.Assignments.GetAsync("a-1", "alice");
        var bobRead = await host.Assignments.GetAsync("a-1", "bob");
        host.Time.Advance(TimeSpan.FromMinutes(3));
        var aliceSavedAt = host.Time.GetUtcNow();
        await host.Assignments.SaveDraftAsync("a-1", "alice", aliceRead.Response.Version, [new("w1-q1", "ERP by alice")]);
        host.Time.Advance(TimeSpan.FromMinutes(1));

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () =>
            await host.Assignments.SaveDraftAsync("a-1", "bob", bobRead.Response.Version, [new("w1-q1", "CRM by bob"), new("w1-q2", "bob")]));

        Assert.Equal("Response", ex.RecordType);
        Assert.Equal("a-1", ex.RecordId);
        Assert.Equal("alice", ex.ModifiedBy);
        Assert.Equal(aliceSavedAt, ex.ModifiedAt);
        Assert.Equal((1, 2), (ex.ExpectedVersion, ex.ActualVersion));
        Assert.Contains("by 'alice'", ex.Message, StringComparison.Ordinal);
        var stored = await host.Store.Responses.FindAsync("a-1");
        Assert.Equal("ERP by alice", Assert.Single(stored!.Answers).Value);
    }

    [Fact]
    public async Task Submit_refuses_while_mandatory_questions_are_unanswered_listing_each_id_and_text_and_changes_nothing()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        var saved = await host.Assignments.SaveDraftAsync("a-1", "alice", 1, [new("w1-q1", "ERP"), new("w1-q3", "5")]);

        var ex = await Assert.ThrowsAsync<MissingMandatoryAnswersException>(async () => await host.Assignments.SubmitAsync("a-1", "alice", saved.Version));

        Assert.Equal(["w1-q2", "w2-q1", "d1-q1"], ex.Missing.Select(m => m.QuestionId));
        Assert.Equal(["w1", "w2", "d1"], ex.Missing.Select(m => m.SectionId));
        Assert.Equal("Who operates it?", ex.Missing[0].Text);
        Assert.Contains("'w1-q2' (\"Who operates it?\")", ex.Message, StringComparison.Ordinal);
        var assignment = await host.Store.Assignments.FindAsync("a-1");
        Assert.Equal((AssignmentStatus.Draft, 1L), (assignment!.Status, assignment.Version));
        Assert.Equal(saved.Version, (await host.Store.Responses.FindAsync("a-1"))!.Version);
        Assert.Empty(await TestHost.ToListAsync(host.Store.Assignments.ListAssessmentsAsync("a-1")));
        Assert.Single(host.Logs.WithEvent(1106));
    }

    [Fact]
    public async Task A_submission_failing_the_quality_rules_is_reopened_with_the_violations_as_feedback_and_the_experts_notified()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice", "bob");
        host.Time.Advance(TimeSpan.FromDays(2));

        var outcome = await host.Assignments.SubmitAsync("a-1", "alice", 1, Scenario.AllMandatoryAnswers());

        Assert.False(outcome.Accepted);
        Assert.Equal(AssignmentStatus.Reopened, outcome.Assignment.Status);
        Assert.Equal(2, outcome.Assignment.Version);
        Assert.Equal(2, outcome.Response.Version);
        Assert.Equal(4, outcome.Response.Answers.Count);
        var violation = Assert.Single(outcome.Assessment.Violations);
        Assert.Equal("workload-detail", violation.RuleId);
        Assert.Equal([violation.Message], outcome.Assignment.Feedback);
        Assert.Equal("good", outcome.Assessment.ReadinessLevel);
        var stored = Assert.Single(await TestHost.ToListAsync(host.Store.Assignments.ListAssessmentsAsync("a-1")));
        Assert.Equal((false, "good", host.Time.GetUtcNow()), (stored.Passed, stored.ReadinessLevel, stored.AssessedAt));
        Assert.Equal(violation, Assert.Single(stored.Violations));
        var reopened = (await host.OutboxAsync()).Where(n => n.Kind == NotificationKinds.AssignmentReopened).ToArray();
        Assert.Equal(["assignment-reopened:a-1:v1:alice", "assignment-reopened:a-1:v1:bob"], reopened.Select(n => n.Id));
        Assert.All(reopened, n => Assert.Contains(violation.Message, n.Body, StringComparison.Ordinal));
        Assert.Single(host.Logs.WithEvent(1104));
        Assert.Equal(1, host.Metrics.Count("Assignment", "reopen"));
        Assert.Equal(1, host.Metrics.Count("QualityAssessment", "create"));
    }

    [Fact]
    public async Task A_reopened_request_can_be_completed_and_resubmitted_and_is_then_accepted()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        var reopened = await host.Assignments.SubmitAsync("a-1", "alice", 1, Scenario.AllMandatoryAnswers());
        var saved = await host.Assignments.SaveDraftAsync("a-1", "alice", reopened.Response.Version, [new("w1-q3", "12")]);

        var accepted = await host.Assignments.SubmitAsync("a-1", "alice", saved.Version);

        Assert.True(accepted.Accepted);
        Assert.Equal(AssignmentStatus.Accepted, accepted.Assignment.Status);
        Assert.Empty(accepted.Assignment.Feedback);
        Assert.Equal(2, (await TestHost.ToListAsync(host.Store.Assignments.ListAssessmentsAsync("a-1"))).Count);
        Assert.Contains(await host.OutboxAsync(), n => n.Id == "assignment-accepted:a-1:v2:alice");
        Assert.Single(host.Logs.WithEvent(1103));
    }

    [Fact]
    public async Task Submit_refuses_a_stale_response_version_a_non_assignee_and_a_final_request()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        var saved = await host.Assignments.SaveDraftAsync("a-1", "alice", 1, [.. Scenario.AllMandatoryAnswers(), new("w1-q3", "1")]);

        var stale = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await host.Assignments.SubmitAsync("a-1", "alice", 1));
        var notAssignee = await Assert.ThrowsAsync<AccessDeniedException>(async () => await host.Assignments.SubmitAsync("a-1", "bob", saved.Version));
        await host.Assignments.SubmitAsync("a-1", "alice", saved.Version);
        var final = await Assert.ThrowsAsync<AssignmentStateException>(async () => await host.Assignments.SubmitAsync("a-1", "alice", saved.Version));

        Assert.Equal("alice", stale.ModifiedBy);
        Assert.Contains("only its assignees may", notAssignee.Message, StringComparison.Ordinal);
        Assert.Equal(AssignmentStatus.Accepted, final.Status);
    }

    [Fact]
    public async Task Submit_refuses_invalid_last_answers_and_an_unknown_request()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);

        var invalid = await Assert.ThrowsAsync<AnswerValidationException>(async () => await host.Assignments.SubmitAsync("a-1", "alice", 1, [new("zzz", "1")]));
        await Assert.ThrowsAsync<NotFoundException>(async () => await host.Assignments.SubmitAsync("nope", "alice", 1));

        Assert.Equal("zzz", Assert.Single(invalid.Problems).QuestionId);
    }

    [Fact]
    public async Task Cancel_moves_the_request_to_cancelled_and_notifies_every_contributor_after_which_nothing_can_be_saved()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-1", "alice", "bob");

        var cancelled = await host.Assignments.CancelAsync("a-1", Scenario.Admin, "The client left.");

        Assert.Equal(AssignmentStatus.Cancelled, cancelled.Status);
        Assert.Equal(Scenario.Admin, cancelled.ModifiedBy);
        var notices = (await host.OutboxAsync()).Where(n => n.Kind == NotificationKinds.AssignmentCancelled).ToArray();
        Assert.Equal(2, notices.Length);
        Assert.All(notices, n => Assert.Contains("The client left.", n.Body, StringComparison.Ordinal));
        Assert.Single(host.Logs.WithEvent(1105));
        Assert.Equal(1, host.Metrics.Count("Assignment", "cancel"));
        var save = await Assert.ThrowsAsync<AssignmentStateException>(async () => await host.Assignments.SaveDraftAsync("a-1", "alice", 1, [new("w1-q1", "x")]));
        Assert.Equal(AssignmentStatus.Cancelled, save.Status);
        var again = await Assert.ThrowsAsync<AssignmentStateException>(async () => await host.Assignments.CancelAsync("a-1", Scenario.Admin));
        Assert.Contains("Cannot cancel assignment 'a-1': it is cancelled", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_refuses_an_accepted_request_and_an_unknown_request()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        await host.Assignments.SubmitAsync("a-1", "alice", 1, [.. Scenario.AllMandatoryAnswers(), new("w1-q3", "1")]);

        await Assert.ThrowsAsync<AssignmentStateException>(async () => await host.Assignments.CancelAsync("a-1", Scenario.Admin));
        await Assert.ThrowsAsync<NotFoundException>(async () => await host.Assignments.CancelAsync("nope", Scenario.Admin));
    }

    [Fact]
    public async Task A_participant_lists_the_requests_they_work_on()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-2", "alice");
        await Scenario.AssignAsync(host, "a-1", "alice", "bob");
        await Scenario.AssignAsync(host, "a-3", "bob");

        var alice = await TestHost.ToListAsync(host.Assignments.ListForParticipantAsync("alice"));

        Assert.Equal(["a-1", "a-2"], alice.Select(a => a.Id));
        Assert.Empty(await TestHost.ToListAsync(host.Assignments.ListForParticipantAsync("ghost")));
    }

    [Fact]
    public async Task Operations_honour_a_cancelled_token_and_change_nothing()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await host.Assignments.SaveDraftAsync("a-1", "alice", 1, [new("w1-q1", "x")], cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await host.Assignments.CancelAsync("a-1", Scenario.Admin, null, cts.Token));

        Assert.Equal(1, (await host.Store.Responses.FindAsync("a-1"))!.Version);
        Assert.Equal(AssignmentStatus.Draft, (await host.Store.Assignments.FindAsync("a-1"))!.Status);
    }

    private static readonly AnswerInput[] Accepted = [.. Scenario.AllMandatoryAnswers(), new("w1-q3", "1")];

    [Fact]
    public async Task An_organiser_of_the_campaign_reopens_an_accepted_request_with_a_reason_and_the_assignees_are_notified()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host, Scenario.Campaign() with { OrganiserIds = ["org-1"] });
        await Scenario.AssignAsync(host, "a-1", "alice", "bob");
        var accepted = (await host.Assignments.SubmitAsync("a-1", "alice", 1, Accepted)).Assignment;
        Assert.Equal(AssignmentStatus.Accepted, accepted.Status);
        host.Time.Advance(TimeSpan.FromHours(2));

        var reopened = await As(Organiser("org-1"), () => host.Assignments.ReopenAsync("a-1", "The server count looks low.", accepted.Version));

        Assert.Equal(AssignmentStatus.Reopened, reopened.Status);
        Assert.Equal(["The server count looks low."], reopened.Feedback);
        Assert.Equal("org-1", reopened.ModifiedBy);
        Assert.Equal(host.Time.GetUtcNow(), reopened.ModifiedAt);
        Assert.Equal(accepted.Version + 1, reopened.Version);
        var notices = (await host.OutboxAsync()).Where(n => n.Kind == NotificationKinds.AssignmentReopened).ToArray();
        Assert.Equal(["alice", "bob"], notices.Select(n => n.RecipientId));
        Assert.All(notices, n => Assert.Contains("The server count looks low.", n.Body, StringComparison.Ordinal));
        Assert.Single(host.Logs.WithEvent(1107));
        Assert.Equal(1, host.Metrics.Count("Assignment", "reopen"));

        // The experts answer again and submit; the answers they had are kept.
        var response = await host.Store.Responses.FindAsync("a-1");
        Assert.Equal(Accepted.Length, response!.Answers.Count);
        var again = await host.Assignments.SubmitAsync("a-1", "alice", response.Version);
        Assert.Equal(AssignmentStatus.Accepted, again.Assignment.Status);
    }

    [Fact]
    public async Task Reopening_is_refused_to_everyone_but_the_campaign_s_organisers_and_administrators_and_changes_nothing()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host, Scenario.Campaign() with { OrganiserIds = ["org-1"] });
        await Scenario.AssignAsync(host);
        await host.Assignments.SubmitAsync("a-1", "alice", 1, Accepted);
        var before = await host.Store.Assignments.FindAsync("a-1");
        var outbox = (await host.OutboxAsync()).Count;

        foreach (var actor in new[] { Person("alice"), Person("bob"), Organiser("org-2") })
        {
            await Assert.ThrowsAsync<AccessDeniedException>(async () => await As(actor, () => host.Assignments.ReopenAsync("a-1", "Reopen it")));
        }

        Assert.Equal(Crowdsourcing.Serialization.CrowdsourcingJson.Serialize(before), Crowdsourcing.Serialization.CrowdsourcingJson.Serialize(await host.Store.Assignments.FindAsync("a-1")));
        Assert.Equal(outbox, (await host.OutboxAsync()).Count);
        var byAdmin = await As(Administrator(), () => host.Assignments.ReopenAsync("a-1", "Reopen it"));
        Assert.Equal(Scenario.Admin, byAdmin.ModifiedBy);
    }

    [Fact]
    public async Task Reopening_needs_a_reason_a_submitted_or_accepted_request_and_the_version_read()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host);
        await Scenario.AssignAsync(host, "a-draft");
        await Scenario.AssignAsync(host, "a-1");
        var accepted = (await host.Assignments.SubmitAsync("a-1", "alice", 1, Accepted)).Assignment;

        var blank = await Assert.ThrowsAsync<ValidationFailedException>(async () => await host.Assignments.ReopenAsync("a-1", "  "));
        Assert.Equal("Reason", blank.Path);
        await Assert.ThrowsAsync<ValidationFailedException>(async () => await host.Assignments.ReopenAsync("a-1", new string('x', IAssignmentService.MaxReasonLength + 1)));
        var draft = await Assert.ThrowsAsync<AssignmentStateException>(async () => await host.Assignments.ReopenAsync("a-draft", "Why"));
        Assert.Contains("Cannot reopen assignment 'a-draft': it is draft", draft.Message, StringComparison.Ordinal);
        var stale = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await host.Assignments.ReopenAsync("a-1", "Why", accepted.Version - 1));
        Assert.Equal(accepted.Version, stale.ActualVersion);
        await Assert.ThrowsAsync<NotFoundException>(async () => await host.Assignments.ReopenAsync("nope", "Why"));
        Assert.Equal(AssignmentStatus.Accepted, (await host.Store.Assignments.FindAsync("a-1"))!.Status);

        await host.Assignments.ReopenAsync("a-1", "Why");
        await Assert.ThrowsAsync<AssignmentStateException>(async () => await host.Assignments.ReopenAsync("a-1", "Again"));
    }

    [Fact]
    public async Task An_administrator_deletes_a_cancelled_request_with_its_answers_and_the_cancellation_notices_stay_queued()
    {
        using var host = TestHost.Create();
        await Scenario.SeedAsync(host, Scenario.Campaign() with { OrganiserIds = ["org-1"] });
        await Scenario.AssignAsync(host, "a-1", "alice");
        await host.Assignments.SaveDraftAsync("a-1", "alice", 1, [new("w1-q1", "ERP")]);
        await As(Person("alice"), () => host.Get<Crowdsourcing.Delegations.IDelegationService>().DelegateAsync(new Crowdsourcing.Delegations.DelegationRequest("a-1", "bob", ["w1-q1"], "Could you?")));

        var notCancelled = await Assert.ThrowsAsync<AssignmentStateException>(async () => await host.Assignments.DeleteAsync("a-1"));
        Assert.Contains("cancel it first", notCancelled.Message, StringComparison.Ordinal);
        var cancelled = await host.Assignments.CancelAsync("a-1", Scenario.Admin, "Created by mistake");
        foreach (var actor in new[] { Organiser("org-1"), Person("alice") })
        {
            using (ActorContext.Use(actor))
            {
                await Assert.ThrowsAsync<AccessDeniedException>(async () => await host.Assignments.DeleteAsync("a-1"));
            }
        }

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await host.Assignments.DeleteAsync("a-1", cancelled.Version - 1));
        Assert.NotNull(await host.Store.Assignments.FindAsync("a-1"));

        await host.Assignments.DeleteAsync("a-1", cancelled.Version);

        Assert.Null(await host.Store.Assignments.FindAsync("a-1"));
        Assert.Null(await host.Store.Responses.FindAsync("a-1"));
        Assert.Empty(await TestHost.ToListAsync(host.Assignments.ListForParticipantAsync("bob")));
        Assert.Contains(await host.OutboxAsync(), n => n.Id == "assignment-cancelled:a-1:bob");
        Assert.Single(host.Logs.WithEvent(1108));
        Assert.Equal(1, host.Metrics.Count("Assignment", "delete"));
        await Assert.ThrowsAsync<NotFoundException>(async () => await host.Assignments.DeleteAsync("a-1"));
    }
}

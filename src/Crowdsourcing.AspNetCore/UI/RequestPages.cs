using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text;
using Crowdsourcing.Assignments;
using Crowdsourcing.Delegations;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Quality;
using Crowdsourcing.Reminders;
using Crowdsourcing.Serialization;
using Crowdsourcing.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using static Crowdsourcing.AspNetCore.UI.Html;

namespace Crowdsourcing.AspNetCore.UI;

/// <summary>What the page shows besides the stored request: the person's own input, what was missing or refused, a
/// stale save's conflict, a notice.</summary>
internal sealed class RequestPageState
{
    /// <summary>The person's input per question (several values for a multiple choice), kept when a save fails.</summary>
    public Dictionary<string, string[]>? Input { get; init; }

    /// <summary>Mandatory questions left unanswered at a submission.</summary>
    public IReadOnlyList<MissingAnswer> Missing { get; init; } = [];

    /// <summary>Answers refused, per question.</summary>
    public IReadOnlyList<AnswerProblem> Problems { get; init; } = [];

    /// <summary>A stale save: who saved in between and when.</summary>
    public ConcurrencyConflictException? Conflict { get; init; }

    /// <summary>A notice after a redirect (<c>saved</c>, <c>submitted</c>, <c>delegated</c>).</summary>
    public string? Notice { get; init; }

    /// <summary>Another refusal to show at the top (a delegation that was refused).</summary>
    public string? Error { get; init; }
}

/// <summary>My requests, the request page (answers, draft, submission, delegation, live notice) and its history.</summary>
internal static class RequestPages
{
    /// <summary>The longest delegation message: 2,000 characters.</summary>
    public const int MaximumMessageLength = 2000;

    /// <summary>The longest answer read from a form: 20,000 characters.</summary>
    public const int MaximumAnswerLength = 20_000;

    public static void Map(RouteGroupBuilder pages, string prefix)
    {
        pages.MapGet("/", async (HttpContext http, IAssignmentService assignments, ICrowdsourcingStore store, TimeProvider time, CancellationToken ct) =>
            await MyRequestsAsync(UIContext.Create(http, prefix), assignments, store, time, ct));

        pages.MapGet("/requests/{assignmentId}", async (string assignmentId, string? notice, HttpContext http, IAssignmentService assignments, ICrowdsourcingStore store, TimeProvider time, CancellationToken ct) =>
            await RequestPageAsync(UIContext.Create(http, prefix), await assignments.GetAsync(assignmentId, ct), new RequestPageState { Notice = notice }, store, time, ct));

        pages.MapPost("/requests/{assignmentId}", async (string assignmentId, HttpContext http, IAssignmentService assignments, ICrowdsourcingStore store, RequestChangeFeed feed, TimeProvider time, CancellationToken ct) =>
            await SaveAsync(UIContext.Create(http, prefix), assignmentId, assignments, store, feed, time, ct));

        pages.MapPost("/requests/{assignmentId}/delegations", async (string assignmentId, HttpContext http, IAssignmentService assignments, IDelegationService delegations, ICrowdsourcingStore store, RequestChangeFeed feed, TimeProvider time, CancellationToken ct) =>
            await DelegateAsync(UIContext.Create(http, prefix), assignmentId, assignments, delegations, store, feed, time, ct));

        pages.MapGet("/requests/{assignmentId}/state", async (string assignmentId, IAssignmentService assignments, CancellationToken ct) =>
            {
                var view = await assignments.GetAsync(assignmentId, ct);
                var answers = view.Response.Answers.ToDictionary(a => a.QuestionId, a => new { value = a.Value, by = a.AnsweredBy, at = a.AnsweredAt }, StringComparer.Ordinal);
                return Results.Json(new { version = view.Response.Version, modifiedBy = view.Response.ModifiedBy, modifiedAt = view.Response.ModifiedAt, status = EnumNames.Of(view.Assignment.Status), answers });
            });

        pages.MapGet("/requests/{assignmentId}/events", async (string assignmentId, HttpContext http, IAssignmentService assignments, RequestChangeFeed feed, CancellationToken ct) =>
            {
                // Checks that the person may see the request before listening: a refusal is a 403 page, not a stream.
                var view = await assignments.GetAsync(assignmentId, ct);
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.ServerSentEvents(Events(view.Assignment.Id, view.Response.Version, feed, ct));
            });

        pages.MapGet("/requests/{assignmentId}/history", async (string assignmentId, HttpContext http, IAssignmentService assignments, IDelegationService delegations, CancellationToken ct) =>
            await HistoryPage.RenderAsync(UIContext.Create(http, prefix), await assignments.GetAsync(assignmentId, ct), delegations, ct));
    }

    private static async IAsyncEnumerable<SseItem<RequestChange>> Events(string assignmentId, long version, RequestChangeFeed feed, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A first event tells the page it listens (and the version it started from).
        yield return new SseItem<RequestChange>(new RequestChange(assignmentId, "listening", version, string.Empty, string.Empty, default), "listening");
        await foreach (var change in feed.ListenAsync(assignmentId, cancellationToken).ConfigureAwait(false))
        {
            yield return new SseItem<RequestChange>(change, "changed") { EventId = change.ResponseVersion.ToString(CultureInfo.InvariantCulture) };
        }
    }

    private static async Task<IResult> MyRequestsAsync(UIContext ui, IAssignmentService assignments, ICrowdsourcingStore store, TimeProvider time, CancellationToken ct)
    {
        var t = ui.T;
        var rows = new StringBuilder();
        var count = 0;
        await foreach (var assignment in assignments.ListMineAsync(ct))
        {
            count++;
            var view = await assignments.GetAsync(assignment.Id, ct);
            var missing = MissingFor(view);
            var due = await DueAsync(view.Assignment, store, time, ct);
            var role = view.Role == AssignmentRole.Delegate ? t["Role.delegate"] : t["Role.assignee"];
            var missingText = !view.Assignment.Status.IsEditable() ? "–" : missing.Count == 0 ? t["MyRequests.NothingMissing"] : t.Format("MyRequests.Missing", missing.Count, string.Join(", ", missing.Select(q => q.Id)));
            rows.Append(CultureInfo.InvariantCulture, $"<tr data-request=\"{E(assignment.Id)}\"><th scope=\"row\"><a href=\"{E(ui.Link("/requests/" + Uri.EscapeDataString(assignment.Id)))}\">{E(assignment.Subject.Name)}</a></th>");
            rows.Append(CultureInfo.InvariantCulture, $"<td>{E(assignment.CampaignId)}</td><td>{E(role)}</td><td><span class=\"status status-{EnumNames.Of(assignment.Status)}\">{E(t["Status." + EnumNames.Of(assignment.Status)])}</span></td>");
            rows.Append(CultureInfo.InvariantCulture, $"<td>{E(due is { } d ? ui.When(d) : "–")}</td><td class=\"missing\">{E(missingText)}</td></tr>\n");
        }

        var body = count == 0
            ? $"<p class=\"empty\">{E(t["MyRequests.None"])}</p>"
            : $"""
              <table class="requests" id="my-requests">
              <caption>{E(t.Format("MyRequests.Caption", count))}</caption>
              <thead><tr><th scope="col">{E(t["MyRequests.Subject"])}</th><th scope="col">{E(t["MyRequests.Campaign"])}</th><th scope="col">{E(t["MyRequests.Role"])}</th><th scope="col">{E(t["MyRequests.Status"])}</th><th scope="col">{E(t["MyRequests.Due"])}</th><th scope="col">{E(t["MyRequests.WhatIsMissing"])}</th></tr></thead>
              <tbody>
              {rows}</tbody>
              </table>
              """;
        return Page(ui, t["MyRequests.Title"], body);
    }

    /// <summary>The mandatory questions the viewer can answer that are still unanswered.</summary>
    private static List<Question> MissingFor(AssignmentView view)
    {
        var answerable = view.AnswerableQuestionIds.ToHashSet(StringComparer.Ordinal);
        return [.. view.Questionnaire.Sections.SelectMany(s => s.Questions).Where(q => q.Mandatory && answerable.Contains(q.Id) && view.Response.Find(q.Id) is null)];
    }

    /// <summary>When the request is due: when it escalates to the manager, counted from its creation or its last
    /// reopening (the campaign's reminder policy); none once it is no longer pending.</summary>
    private static async Task<DateTimeOffset?> DueAsync(Assignment assignment, ICrowdsourcingStore store, TimeProvider time, CancellationToken ct)
    {
        if (!assignment.Status.IsPending() || await store.Campaigns.FindAsync(assignment.CampaignId, ct) is not { } campaign)
        {
            return null;
        }

        var since = assignment.CreatedAt;
        if (assignment.Status == AssignmentStatus.Reopened)
        {
            await foreach (var assessment in store.Assignments.ListAssessmentsAsync(assignment.Id, ct))
            {
                since = assessment.AssessedAt > since ? assessment.AssessedAt : since;
            }
        }

        return ReminderDue.At(campaign.Reminders, since, time.GetUtcNow()).EscalationDueAt;
    }

    private static async Task<IResult> SaveAsync(UIContext ui, string assignmentId, IAssignmentService assignments, ICrowdsourcingStore store, RequestChangeFeed feed, TimeProvider time, CancellationToken ct)
    {
        var form = await ui.Http.Request.ReadFormAsync(ct);
        var view = await assignments.GetAsync(assignmentId, ct);
        var submit = string.Equals(form["action"], "submit", StringComparison.Ordinal);
        if (!long.TryParse(form["responseVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            throw new ValidationFailedException("responseVersion", ui.T["Request.BadVersion"]);
        }

        var input = ReadInput(form, view);
        var changes = Changes(input, view);
        try
        {
            if (submit)
            {
                var outcome = await assignments.SubmitAsync(assignmentId, version, changes, ct);
                feed.Publish(new RequestChange(assignmentId, "submitted", outcome.Response.Version, ui.Me.Id, ui.Me.DisplayName, outcome.Response.ModifiedAt ?? time.GetUtcNow()));
                return Results.Redirect(ui.Link($"/requests/{Uri.EscapeDataString(assignmentId)}?notice=submitted"));
            }

            var saved = await assignments.SaveDraftAsync(assignmentId, version, changes, ct);
            if (saved.Version != version)
            {
                feed.Publish(new RequestChange(assignmentId, "saved", saved.Version, ui.Me.Id, ui.Me.DisplayName, saved.ModifiedAt ?? time.GetUtcNow()));
            }

            return Results.Redirect(ui.Link($"/requests/{Uri.EscapeDataString(assignmentId)}?notice=saved"));
        }
        catch (MissingMandatoryAnswersException ex)
        {
            return await RequestPageAsync(ui, view, new RequestPageState { Input = input, Missing = ex.Missing }, store, time, ct, StatusCodes.Status400BadRequest, version);
        }
        catch (AnswerValidationException ex)
        {
            return await RequestPageAsync(ui, view, new RequestPageState { Input = input, Problems = ex.Problems }, store, time, ct, StatusCodes.Status400BadRequest, version);
        }
        catch (ConcurrencyConflictException ex)
        {
            // The stored version now: shown beside the person's input, whose save may then replace it.
            var current = await assignments.GetAsync(assignmentId, ct);
            return await RequestPageAsync(ui, current, new RequestPageState { Input = input, Conflict = ex }, store, time, ct, StatusCodes.Status409Conflict);
        }
    }

    private static async Task<IResult> DelegateAsync(UIContext ui, string assignmentId, IAssignmentService assignments, IDelegationService delegations, ICrowdsourcingStore store, RequestChangeFeed feed, TimeProvider time, CancellationToken ct)
    {
        var form = await ui.Http.Request.ReadFormAsync(ct);
        var view = await assignments.GetAsync(assignmentId, ct);
        var to = form["to"].ToString();
        var message = form["message"].ToString();
        var questions = form["questionIds"].Where(q => !string.IsNullOrEmpty(q)).Select(q => q!).Distinct(StringComparer.Ordinal).ToArray();
        string? error = null;
        if (string.IsNullOrEmpty(to))
        {
            error = ui.T["Delegate.NoColleague"];
        }
        else if (questions.Length == 0)
        {
            error = ui.T["Delegate.NoQuestions"];
        }
        else if (message.Length > MaximumMessageLength)
        {
            error = ui.T.Format("Delegate.MessageTooLong", MaximumMessageLength);
        }

        if (error is null)
        {
            try
            {
                var stored = await delegations.DelegateAsync(new DelegationRequest(assignmentId, to, questions, string.IsNullOrWhiteSpace(message) ? null : message), ct);
                feed.Publish(new RequestChange(assignmentId, "delegated", view.Response.Version, ui.Me.Id, ui.Me.DisplayName, stored.ModifiedAt ?? time.GetUtcNow()));
                return Results.Redirect(ui.Link($"/requests/{Uri.EscapeDataString(assignmentId)}?notice=delegated"));
            }
            catch (ValidationFailedException ex)
            {
                error = ex.Message;
            }
        }

        return await RequestPageAsync(ui, view, new RequestPageState { Error = error }, store, time, ct, StatusCodes.Status400BadRequest);
    }

    /// <summary>The person's input from the form, for the questions they may answer.</summary>
    private static Dictionary<string, string[]> ReadInput(IFormCollection form, AssignmentView view)
    {
        var input = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var id in view.AnswerableQuestionIds)
        {
            var values = form["a." + id];
            input[id] = [.. values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!.Length > MaximumAnswerLength ? v[..MaximumAnswerLength] : v!)];
        }

        return input;
    }

    /// <summary>The answers to save: those that differ from the stored response (an empty one clears the answer).</summary>
    private static List<AnswerInput> Changes(Dictionary<string, string[]> input, AssignmentView view)
    {
        var changes = new List<AnswerInput>();
        foreach (var question in view.Questionnaire.Sections.SelectMany(s => s.Questions))
        {
            if (!input.TryGetValue(question.Id, out var values))
            {
                continue;
            }

            var value = Join(question, values);
            var stored = view.Response.Find(question.Id)?.Value;
            if (!string.Equals(value, stored, StringComparison.Ordinal))
            {
                changes.Add(new AnswerInput(question.Id, value));
            }
        }

        return changes;
    }

    private static string? Join(Question question, string[] values)
    {
        var text = question.AnswerType == AnswerType.MultipleChoice ? string.Join(';', values) : values.FirstOrDefault();
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private static string[] Split(Question question, string? value) =>
        value is null ? [] : question.AnswerType == AnswerType.MultipleChoice ? value.Split(';') : [value];

    /// <summary>The request page.</summary>
    internal static async Task<IResult> RequestPageAsync(UIContext ui, AssignmentView view, RequestPageState state, ICrowdsourcingStore store, TimeProvider time, CancellationToken ct, int status = StatusCodes.Status200OK, long? readVersion = null)
    {
        var t = ui.T;
        var a = view.Assignment;
        var id = Uri.EscapeDataString(a.Id);
        var editable = a.Status.IsEditable() && view.Role != AssignmentRole.Organiser;
        var canSubmit = editable && view.Role == AssignmentRole.Assignee;
        var answerable = view.AnswerableQuestionIds.ToHashSet(StringComparer.Ordinal);
        var visible = view.Role == AssignmentRole.Delegate ? answerable : null;
        var html = new StringBuilder(8192);

        // What the request is: subject, campaign, status, the person's role, the due date.
        var due = await DueAsync(a, store, time, ct);
        html.Append(CultureInfo.InvariantCulture, $"<dl class=\"facts\" id=\"request-facts\" data-request=\"{E(a.Id)}\" data-status=\"{EnumNames.Of(a.Status)}\">");
        html.Append(CultureInfo.InvariantCulture, $"<div><dt>{E(t["Request.Campaign"])}</dt><dd>{E(a.CampaignId)}</dd></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div><dt>{E(t["Request.Status"])}</dt><dd><span class=\"status status-{EnumNames.Of(a.Status)}\" id=\"request-status\">{E(t["Status." + EnumNames.Of(a.Status)])}</span></dd></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div><dt>{E(t["Request.YourRole"])}</dt><dd>{E(t["Role." + EnumNames.Of(view.Role)])}</dd></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div><dt>{E(t["Request.Due"])}</dt><dd>{E(due is { } d ? ui.When(d) : "–")}</dd></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div><dt>{E(t["Request.LastSaved"])}</dt><dd>{E(view.Response.ModifiedAt is { } m ? t.Format("Request.SavedByAt", view.Response.ModifiedBy, ui.When(m)) : t["Format.Never"])}</dd></div>");
        html.Append("</dl>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(ui.Link($"/requests/{id}/history"))}\" id=\"history-link\">{E(t["Request.ViewHistory"])}</a></p>\n");

        if (state.Notice is "saved" or "submitted" or "delegated")
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\" id=\"notice\">{E(t["Notice." + state.Notice])}</p>\n");
        }

        // The quality assessment once submitted: accepted, or reopened with what to improve.
        if (a.Status is AssignmentStatus.Accepted or AssignmentStatus.Reopened)
        {
            QualityAssessment? latest = null;
            await foreach (var assessment in store.Assignments.ListAssessmentsAsync(a.Id, ct))
            {
                latest = latest is null || assessment.AssessedAt >= latest.AssessedAt ? assessment : latest;
            }

            html.Append(CultureInfo.InvariantCulture, $"<section class=\"assessment {(a.Status == AssignmentStatus.Accepted ? "passed" : "failed")}\" id=\"assessment\" aria-labelledby=\"assessment-title\"><h2 id=\"assessment-title\">{E(t["Assessment.Title"])}</h2>");
            html.Append(CultureInfo.InvariantCulture, $"<p id=\"assessment-result\">{E(a.Status == AssignmentStatus.Accepted ? t["Assessment.Accepted"] : t["Assessment.Reopened"])}</p>");
            if (latest is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>{E(t.Format("Assessment.Readiness", latest.ReadinessLevel, ui.When(latest.AssessedAt)))}</p>");

                // For the campaign's organisers: the analyst's review of that report, when there is one.
                if (view.Role == AssignmentRole.Organiser && await store.ReportReviews.FindAsync(a.Id, latest.AssessedAt, ct) is { } review)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<p id=\"assessment-review\" data-reviewed-level=\"{E(review.ReviewedLevel)}\">{E(t.Format("Assessment.Reviewed", review.ReviewedLevel, review.ReviewedBy, ui.When(review.ReviewedAt)))}{(review.Comment is null ? string.Empty : " " + E(review.Comment))}</p>");
                }
            }

            if (a.Status == AssignmentStatus.Reopened && a.Feedback.Count > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<h3>{E(t["Assessment.Feedback"])}</h3><ul id=\"feedback\">");
                foreach (var line in a.Feedback)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<li>{E(line)}</li>");
                }

                html.Append("</ul>");
            }

            html.Append("</section>\n");
        }

        if (a.Status == AssignmentStatus.Cancelled)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" id=\"cancelled\">{E(t["Request.Cancelled"])}</p>\n");
        }

        // What went wrong with the last save, each pointing to its question.
        if (state.Missing.Count > 0 || state.Problems.Count > 0 || state.Error is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"error-summary\" role=\"alert\" id=\"error-summary\" tabindex=\"-1\" aria-labelledby=\"error-summary-title\"><h2 id=\"error-summary-title\">");
            html.Append(E(state.Missing.Count > 0 ? t.Format("Errors.Missing", state.Missing.Count) : state.Problems.Count > 0 ? t["Errors.Refused"] : t["Errors.Delegation"]));
            html.Append("</h2><ul>");
            foreach (var missing in state.Missing)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#a-{E(missing.QuestionId)}\">{E(missing.Text)}</a></li>");
            }

            foreach (var problem in state.Problems)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#a-{E(problem.QuestionId)}\">{E(problem.QuestionId)}</a>: {E(problem.Message)}</li>");
            }

            if (state.Error is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{E(state.Error)}</li>");
            }

            html.Append(CultureInfo.InvariantCulture, $"</ul><p>{E(t["Error.NothingChanged"])}</p></div>\n");
        }

        // A stale save: who changed the request in between and when; the person's input stays, the stored version beside it.
        if (state.Conflict is { } conflict)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"conflict\" role=\"alert\" id=\"conflict\" tabindex=\"-1\"><h2>{E(t["Conflict.Title"])}</h2><p id=\"conflict-detail\">{E(t.Format("Conflict.Detail", conflict.ModifiedBy ?? t["Conflict.Someone"], ui.When(conflict.ModifiedAt)))}</p><p>{E(t["Conflict.Keep"])}</p></div>\n");
        }

        // The live notice: filled by ui.js when the server tells the page that someone else saved.
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"live-notice\" id=\"live-notice\" role=\"status\" aria-live=\"polite\" hidden><p id=\"live-notice-text\" tabindex=\"-1\"></p><button type=\"button\" id=\"live-refresh\">{E(t["Live.Refresh"])}</button></div>\n");

        var version = readVersion ?? view.Response.Version;
        html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(ui.Link($"/requests/{id}"))}\" id=\"answers\" class=\"answers\" novalidate data-events=\"{E(ui.Link($"/requests/{id}/events"))}\" data-state=\"{E(ui.Link($"/requests/{id}/state"))}\" data-me=\"{E(ui.Me.Id)}\"");
        html.Append(CultureInfo.InvariantCulture, $" data-text-changed=\"{E(t["Live.Changed"])}\" data-text-refreshed=\"{E(t["Live.Refreshed"])}\" data-text-theirs=\"{E(t["Live.Theirs"])}\" data-text-cleared=\"{E(t["Live.Cleared"])}\">\n");
        html.Append(ui.AntiforgeryField());
        html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"responseVersion\" id=\"response-version\" value=\"{version.ToString(CultureInfo.InvariantCulture)}\">\n");
        if (view.Role == AssignmentRole.Delegate)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\" id=\"delegate-note\">{E(t["Request.DelegateNote"])}</p>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(t["Request.MandatoryNote"])}</p>\n");
        var missingIds = state.Missing.Select(m => m.QuestionId).ToHashSet(StringComparer.Ordinal);
        var problems = state.Problems.ToLookup(p => p.QuestionId, StringComparer.Ordinal);
        foreach (var section in view.Questionnaire.Sections)
        {
            var questions = section.Questions.Where(q => visible is null || visible.Contains(q.Id)).ToList();
            if (questions.Count == 0)
            {
                continue;
            }

            html.Append(CultureInfo.InvariantCulture, $"<fieldset class=\"section\" id=\"s-{E(section.Id)}\"><legend>{E(section.Title)}</legend>\n");
            foreach (var question in questions)
            {
                var stored = view.Response.Find(question.Id);
                var values = state.Input is not null && state.Input.TryGetValue(question.Id, out var own) ? own : Split(question, stored?.Value);
                var errors = new List<string>();
                if (missingIds.Contains(question.Id))
                {
                    errors.Add(t["Errors.MissingOne"]);
                }

                errors.AddRange(problems[question.Id].Select(p => p.Message));
                var theirs = state.Conflict is not null && !string.Equals(Join(question, values), stored?.Value, StringComparison.Ordinal)
                    ? (stored is null ? t["Live.Cleared"] : t.Format("Live.Theirs", stored.Value, stored.AnsweredBy))
                    : null;
                QuestionBlock(html, ui, question, values, stored, editable && answerable.Contains(question.Id), editable, errors, theirs);
            }

            html.Append("</fieldset>\n");
        }

        if (editable)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"save\" id=\"save-draft\">{E(t["Request.SaveDraft"])}</button>");
            if (canSubmit)
            {
                html.Append(CultureInfo.InvariantCulture, $" <button type=\"submit\" name=\"action\" value=\"submit\" id=\"submit\" class=\"primary\">{E(t["Request.Submit"])}</button>");
            }

            html.Append("</div>\n");
        }

        html.Append("</form>\n");
        if (editable)
        {
            await DelegationFormAsync(html, ui, id, store, ct);
        }

        return Page(ui, t.Format("Request.Title", a.Subject.Name, view.Questionnaire.Name), html.ToString(), status, script: null);
    }

    private static void QuestionBlock(StringBuilder html, UIContext ui, Question question, string[] values, Answer? stored, bool canAnswer, bool canDelegate, List<string> errors, string? theirs)
    {
        var t = ui.T;
        var qid = E(question.Id);
        var describedBy = new List<string>();
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"question{(errors.Count > 0 ? " invalid" : string.Empty)}\" id=\"q-{qid}\" data-question=\"{qid}\" data-type=\"{EnumNames.Of(question.AnswerType)}\">\n");
        var mark = question.Mandatory ? $" <span class=\"mandatory\" aria-hidden=\"true\">*</span> <span class=\"visually-hidden\">{E(t["Request.Mandatory"])}</span>" : string.Empty;
        var grouped = question.AnswerType is AnswerType.MultipleChoice;
        if (grouped)
        {
            html.Append(CultureInfo.InvariantCulture, $"<fieldset class=\"choices\" id=\"a-{qid}\" tabindex=\"-1\"><legend class=\"question-text\">{E(question.Text)}{mark}</legend>");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<label class=\"question-text\" for=\"a-{qid}\">{E(question.Text)}{mark}</label>\n");
        }

        foreach (var (error, i) in errors.Select((e, i) => (e, i)))
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"field-error\" id=\"e-{qid}-{i}\">{E(error)}</p>");
            describedBy.Add($"e-{qid}-{i}");
        }

        if (stored is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"answered-by\" id=\"by-{qid}\">{E(t.Format("Request.AnsweredBy", stored.AnsweredBy, ui.When(stored.AnsweredAt)))}</p>");
            describedBy.Add($"by-{qid}");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"theirs\" id=\"theirs-{qid}\"{(theirs is null ? " hidden" : string.Empty)}>{E(theirs)}</p>");
        describedBy.Add($"theirs-{qid}");
        var common = $"name=\"a.{qid}\"{(canAnswer ? string.Empty : " disabled")}{(question.Mandatory ? " aria-required=\"true\"" : string.Empty)}{(errors.Count > 0 ? " aria-invalid=\"true\"" : string.Empty)} aria-describedby=\"{string.Join(' ', describedBy)}\"";
        var value = E(values.FirstOrDefault());
        var c = question.Constraints;
        switch (question.AnswerType)
        {
            case AnswerType.Number or AnswerType.WholeNumber:
                var min = c.Minimum is { } lo ? $" min=\"{lo.ToString(CultureInfo.InvariantCulture)}\"" : string.Empty;
                var max = c.Maximum is { } hi ? $" max=\"{hi.ToString(CultureInfo.InvariantCulture)}\"" : string.Empty;
                html.Append(CultureInfo.InvariantCulture, $"<input type=\"number\" id=\"a-{qid}\" {common} inputmode=\"decimal\" step=\"{(question.AnswerType == AnswerType.WholeNumber ? "1" : "any")}\"{min}{max} value=\"{value}\">");
                break;
            case AnswerType.Date:
                html.Append(CultureInfo.InvariantCulture, $"<input type=\"date\" id=\"a-{qid}\" {common} value=\"{value}\">");
                break;
            case AnswerType.Email:
                html.Append(CultureInfo.InvariantCulture, $"<input type=\"email\" id=\"a-{qid}\" {common} maxlength=\"{Limits.MaxEmailLength}\" autocomplete=\"off\" value=\"{value}\">");
                break;
            case AnswerType.Boolean:
                html.Append(CultureInfo.InvariantCulture, $"<select id=\"a-{qid}\" {common}><option value=\"\">{E(t["Request.NoAnswer"])}</option>");
                html.Append(CultureInfo.InvariantCulture, $"<option value=\"true\"{(values.FirstOrDefault() == "true" ? " selected" : string.Empty)}>{E(t["Request.Yes"])}</option><option value=\"false\"{(values.FirstOrDefault() == "false" ? " selected" : string.Empty)}>{E(t["Request.No"])}</option></select>");
                break;
            case AnswerType.SingleChoice:
                html.Append(CultureInfo.InvariantCulture, $"<select id=\"a-{qid}\" {common}><option value=\"\">{E(t["Request.NoAnswer"])}</option>");
                foreach (var choice in c.Choices)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<option{(values.Contains(choice, StringComparer.Ordinal) ? " selected" : string.Empty)}>{E(choice)}</option>");
                }

                html.Append("</select>");
                break;
            case AnswerType.MultipleChoice:
                var n = 0;
                foreach (var choice in c.Choices)
                {
                    var cid = $"a-{qid}-{n++}";
                    html.Append(CultureInfo.InvariantCulture, $"<label class=\"choice\" for=\"{cid}\"><input type=\"checkbox\" id=\"{cid}\" {common} value=\"{E(choice)}\"{(values.Contains(choice, StringComparer.Ordinal) ? " checked" : string.Empty)}> {E(choice)}</label>");
                }

                break;
            default:
                var length = c.MaxLength is { } ml ? $" maxlength=\"{ml.ToString(CultureInfo.InvariantCulture)}\"" : string.Empty;
                var kind = c.Pattern is not null && c.Pattern.Contains('@', StringComparison.Ordinal) ? "email" : "text";
                html.Append(kind == "email"
                    ? $"<input type=\"email\" id=\"a-{qid}\" {common}{length} value=\"{value}\">"
                    : $"<textarea id=\"a-{qid}\" {common}{length} rows=\"2\">{value}</textarea>");
                break;
        }

        if (grouped)
        {
            html.Append("</fieldset>");
        }

        if (canDelegate && canAnswer)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"delegate-pick\"><input type=\"checkbox\" form=\"delegate-form\" name=\"questionIds\" value=\"{qid}\" id=\"d-{qid}\"> <label for=\"d-{qid}\">{E(t["Request.SelectToDelegate"])}<span class=\"visually-hidden\">: {E(question.Text)}</span></label></p>");
        }

        html.Append("</div>\n");
    }

    private static async Task DelegationFormAsync(StringBuilder html, UIContext ui, string id, ICrowdsourcingStore store, CancellationToken ct)
    {
        var t = ui.T;
        var me = await store.Participants.FindAsync(ui.Me.Id, ct);
        var options = new StringBuilder();
        foreach (var colleague in me?.ColleagueIds ?? [])
        {
            var person = await store.Participants.FindAsync(colleague, ct);
            if (person is { InactiveSince: null })
            {
                options.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(person.Id)}\">{E(person.DisplayName)} ({E(person.Id)})</option>");
            }
        }

        html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(ui.Link($"/requests/{id}/delegations"))}\" id=\"delegate-form\" class=\"card delegate\" aria-labelledby=\"delegate-title\">{ui.AntiforgeryField()}");
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"delegate-title\">{E(t["Delegate.Title"])}</h2><p class=\"note\">{E(t["Delegate.Help"])}</p>");
        if (options.Length == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(t["Delegate.NoColleagues"])}</p></form>\n");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<p><label for=\"delegate-to\">{E(t["Delegate.Colleague"])}</label> <select id=\"delegate-to\" name=\"to\"><option value=\"\">{E(t["Delegate.Choose"])}</option>{options}</select></p>");
        html.Append(CultureInfo.InvariantCulture, $"<p><label for=\"delegate-message\">{E(t["Delegate.Message"])}</label><textarea id=\"delegate-message\" name=\"message\" rows=\"3\" maxlength=\"{MaximumMessageLength}\"></textarea></p>");
        html.Append(CultureInfo.InvariantCulture, $"<p><button type=\"submit\" id=\"delegate-submit\">{E(t["Delegate.Submit"])}</button></p></form>\n");
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Serialization;
using Crowdsourcing.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.UI.Html;

namespace Crowdsourcing.AspNetCore.UI;

/// <summary>One answer in a report.</summary>
internal sealed record ReportAnswer(string QuestionId, string Question, string Value, string AnsweredBy, DateTimeOffset AnsweredAt);

/// <summary>One knowledge request in a report: its status and its answers.</summary>
internal sealed record ReportRequest(string Id, Subject Subject, string Status, IReadOnlyList<string> AssigneeIds, IReadOnlyList<string> DelegateIds, DateTimeOffset CreatedAt, DateTimeOffset? ModifiedAt, string? ModifiedBy, IReadOnlyList<string> Feedback, IReadOnlyList<ReportAnswer> Answers);

/// <summary>A campaign's report (the CrowdArb paper's figure 5, step 4): the current status and the responses.</summary>
internal sealed record CampaignReport(string CampaignId, string CampaignName, DateTimeOffset GeneratedAt, IReadOnlyDictionary<string, int> StatusCounts, IReadOnlyList<ReportRequest> Requests);

/// <summary>The organiser's console: the campaigns, and per campaign the dashboard (utility over the weeks, the value of
/// contacting over the belief simplex, whom to contact next, the workshop), the requests by status with cancellation,
/// and the reports in CSV and JSON.</summary>
internal static class ConsolePages
{
    /// <summary>The longest cancellation reason: 2,000 characters.</summary>
    public const int MaximumReasonLength = 2000;

    public static void Map(RouteGroupBuilder pages, string prefix)
    {
        var console = UIEndpointFilter.MapOrganiserGroup(pages, "/console", prefix);

        console.MapGet("/", async (HttpContext http, ICampaignService campaigns, CancellationToken ct) =>
            {
                var ui = UIContext.Create(http, prefix);
                var t = ui.T;
                var items = new StringBuilder();
                await foreach (var campaign in StoreExtensions.AllPagesAsync(page => campaigns.ListAsync(page, ct), c => c.Id, 500, ct))
                {
                    items.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{E(ui.Link("/console/" + Uri.EscapeDataString(campaign.Id)))}\">{E(campaign.Name)}</a> <span class=\"note\">({E(campaign.Id)})</span></li>");
                }

                var body = items.Length == 0 ? $"<p class=\"empty\">{E(t["Console.NoCampaigns"])}</p>" : $"<ul class=\"campaigns\" id=\"campaigns\">{items}</ul>";
                return Page(ui, t["Console.Title"], body);
            });

        console.MapGet("/{campaignId}", async (string campaignId, string? notice, HttpContext http, ICampaignService campaigns, IAssignmentService assignments, CancellationToken ct) =>
            await CampaignPageAsync(UIContext.Create(http, prefix), await campaigns.GetAsync(campaignId, ct), notice, assignments, ct));

        console.MapPost("/{campaignId}/requests/{assignmentId}/cancel", async (string campaignId, string assignmentId, HttpContext http, IAssignmentService assignments, RequestChangeFeed feed, TimeProvider time, CancellationToken ct) =>
            {
                var ui = UIContext.Create(http, prefix);
                var form = await http.Request.ReadFormAsync(ct);
                var reason = form["reason"].ToString();
                if (reason.Length > MaximumReasonLength)
                {
                    throw new ValidationFailedException("reason", ui.T.Format("Console.ReasonTooLong", MaximumReasonLength));
                }

                var view = await assignments.GetAsync(assignmentId, ct);
                if (!string.Equals(view.Assignment.CampaignId, campaignId, StringComparison.Ordinal))
                {
                    throw new NotFoundException(nameof(Assignment), $"{campaignId}/{assignmentId}");
                }

                var cancelled = await assignments.CancelAsync(assignmentId, string.IsNullOrWhiteSpace(reason) ? null : reason, ct);
                feed.Publish(new RequestChange(assignmentId, "cancelled", view.Response.Version, ui.Me.Id, ui.Me.DisplayName, cancelled.ModifiedAt ?? time.GetUtcNow()));
                return Results.Redirect(ui.Link($"/console/{Uri.EscapeDataString(campaignId)}?notice=cancelled"));
            });

        console.MapPost("/{campaignId}/requests/{assignmentId}/reopen", async (string campaignId, string assignmentId, HttpContext http, IAssignmentService assignments, RequestChangeFeed feed, TimeProvider time, CancellationToken ct) =>
            {
                var ui = UIContext.Create(http, prefix);
                var form = await http.Request.ReadFormAsync(ct);
                var reason = form["reason"].ToString();
                if (reason.Length > IAssignmentService.MaxReasonLength)
                {
                    throw new ValidationFailedException("reason", ui.T.Format("Console.ReasonTooLong", IAssignmentService.MaxReasonLength));
                }

                if (string.IsNullOrWhiteSpace(reason))
                {
                    throw new ValidationFailedException("reason", ui.T["Console.ReopenReasonRequired"]);
                }

                var view = await assignments.GetAsync(assignmentId, ct);
                RequireCampaign(view.Assignment, campaignId);
                var reopened = await assignments.ReopenAsync(assignmentId, reason, FormVersion(form["version"].ToString(), ui), ct);
                feed.Publish(new RequestChange(assignmentId, "reopened", view.Response.Version, ui.Me.Id, ui.Me.DisplayName, reopened.ModifiedAt ?? time.GetUtcNow()));
                return Results.Redirect(ui.Link($"/console/{Uri.EscapeDataString(campaignId)}?notice=reopened"));
            });

        console.MapGet("/{campaignId}/requests/{assignmentId}/delete", async (string campaignId, string assignmentId, HttpContext http, IAssignmentService assignments, CancellationToken ct) =>
            {
                var ui = UIContext.Create(http, prefix);
                var t = ui.T;
                if (!ui.Me.IsAdministrator)
                {
                    return UIEndpointFilter.ErrorPage(ui, StatusCodes.Status403Forbidden, "Error.Forbidden.Title", t["Console.AdministratorsOnly"]);
                }

                var view = await assignments.GetAsync(assignmentId, ct);
                var a = view.Assignment;
                RequireCampaign(a, campaignId);
                var id = Uri.EscapeDataString(campaignId);
                var body = new StringBuilder();
                body.Append(CultureInfo.InvariantCulture, $"<div class=\"card confirm\" role=\"alertdialog\" aria-labelledby=\"confirm-question\" aria-describedby=\"confirm-detail\">");
                body.Append(CultureInfo.InvariantCulture, $"<p id=\"confirm-question\"><strong>{E(t.Format("Console.DeleteQuestion", a.Subject.Name, a.Id))}</strong></p>");
                body.Append(CultureInfo.InvariantCulture, $"<p id=\"confirm-detail\">{E(t.Format("Console.DeleteDetail", view.Response.Answers.Count, a.Delegations.Count))}</p>");
                body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(ui.Link($"/console/{id}/requests/{Uri.EscapeDataString(a.Id)}/delete"))}\">{ui.AntiforgeryField()}<input type=\"hidden\" name=\"version\" value=\"{a.Version.ToString(CultureInfo.InvariantCulture)}\">");
                body.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" class=\"danger\" id=\"confirm-delete\" autofocus>{E(t["Console.DeleteConfirm"])}</button> <a href=\"{E(ui.Link($"/console/{id}#requests"))}\" id=\"keep-request\">{E(t["Console.DeleteKeep"])}</a></form></div>");
                return Page(ui, t.Format("Console.DeleteTitle", a.Subject.Name), body.ToString());
            });

        console.MapPost("/{campaignId}/requests/{assignmentId}/delete", async (string campaignId, string assignmentId, HttpContext http, IAssignmentService assignments, RequestChangeFeed feed, TimeProvider time, CancellationToken ct) =>
            {
                var ui = UIContext.Create(http, prefix);
                var form = await http.Request.ReadFormAsync(ct);
                var view = await assignments.GetAsync(assignmentId, ct);
                RequireCampaign(view.Assignment, campaignId);
                await assignments.DeleteAsync(assignmentId, FormVersion(form["version"].ToString(), ui), ct);
                feed.Publish(new RequestChange(assignmentId, "deleted", view.Response.Version, ui.Me.Id, ui.Me.DisplayName, time.GetUtcNow()));
                return Results.Redirect(ui.Link($"/console/{Uri.EscapeDataString(campaignId)}?notice=deleted"));
            });

        DecisionSettingsPage.Map(console, prefix);

        console.MapGet("/{campaignId}/report.json", async (string campaignId, ICampaignService campaigns, IAssignmentService assignments, TimeProvider time, HttpContext http, CancellationToken ct) =>
            {
                var report = await ReportAsync(await campaigns.GetAsync(campaignId, ct), assignments, time, ct);
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(campaignId)}-report.json\"";
                http.Response.Headers.CacheControl = "no-store";
                return Results.Json(report);
            });

        console.MapGet("/{campaignId}/report.csv", async (string campaignId, ICampaignService campaigns, IAssignmentService assignments, TimeProvider time, HttpContext http, CancellationToken ct) =>
            {
                var report = await ReportAsync(await campaigns.GetAsync(campaignId, ct), assignments, time, ct);
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(campaignId)}-report.csv\"";
                http.Response.Headers.CacheControl = "no-store";
                return Results.Text(Csv(report), "text/csv; charset=utf-8", Encoding.UTF8);
            });
    }

    /// <summary>Refuses a request of another campaign than the page's (as not found: the page does not hold it).</summary>
    private static void RequireCampaign(Assignment assignment, string campaignId)
    {
        if (!string.Equals(assignment.CampaignId, campaignId, StringComparison.Ordinal))
        {
            throw new NotFoundException(nameof(Assignment), $"{campaignId}/{assignment.Id}");
        }
    }

    /// <summary>The request version a console form carries (the version the page showed); empty for none.</summary>
    private static long? FormVersion(string value, UIContext ui) =>
        string.IsNullOrEmpty(value)
            ? null
            : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1
                ? version
                : throw new ValidationFailedException("version", ui.T["Console.BadVersion"]);

    private static string FileName(string id) => new([.. id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);

    private static async Task<IResult> CampaignPageAsync(UIContext ui, Campaign campaign, string? notice, IAssignmentService assignments, CancellationToken ct)
    {
        var t = ui.T;
        var id = Uri.EscapeDataString(campaign.Id);
        var html = new StringBuilder(16384);
        var noticeKey = notice switch
        {
            "cancelled" => "Console.Cancelled",
            "reopened" => "Console.Reopened",
            "deleted" => "Console.Deleted",
            _ => null,
        };
        if (noticeKey is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\" id=\"notice\">{E(t[noticeKey])}</p>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"exports\"><a href=\"{E(ui.Link($"/console/{id}/report.csv"))}\" id=\"export-csv\" download>{E(t["Console.ExportCsv"])}</a> <a href=\"{E(ui.Link($"/console/{id}/report.json"))}\" id=\"export-json\" download>{E(t["Console.ExportJson"])}</a> <a href=\"{E(ui.Link($"/console/{id}/decision-settings"))}\" id=\"decision-settings\">{E(t["Settings.Link"])}</a> <a href=\"{E(ui.Link($"/console/{id}/plan"))}\" id=\"plan-report-link\">{E(t["Console.PlanReport"])}</a></p>\n");
        html.Append(Dashboard(ui, campaign));

        // The requests by status, with cancellation.
        var all = new List<Assignment>();
        await foreach (var assignment in StoreExtensions.AllPagesAsync(page => assignments.ListByCampaignAsync(campaign.Id, page, ct), a => a.Id, 1000, ct))
        {
            all.Add(assignment);
        }

        html.Append(CultureInfo.InvariantCulture, $"<section class=\"card wide\" aria-labelledby=\"requests-title\" id=\"requests\"><h2 id=\"requests-title\">{E(t.Format("Console.Requests", all.Count))}</h2>\n");
        foreach (var status in Enum.GetValues<AssignmentStatus>())
        {
            var group = all.Where(a => a.Status == status).ToList();
            if (group.Count == 0)
            {
                continue;
            }

            var name = EnumNames.Of(status);
            html.Append(CultureInfo.InvariantCulture, $"<table class=\"requests\" id=\"requests-{name}\" data-count=\"{group.Count}\"><caption>{E(t.Format("Console.ByStatus", t["Status." + name], group.Count))}</caption>");
            html.Append(CultureInfo.InvariantCulture, $"<thead><tr><th scope=\"col\">{E(t["MyRequests.Subject"])}</th><th scope=\"col\">{E(t["Console.Request"])}</th><th scope=\"col\">{E(t["Console.Assignees"])}</th><th scope=\"col\">{E(t["Console.Modified"])}</th><th scope=\"col\">{E(t["Console.Actions"])}</th></tr></thead><tbody>");
            foreach (var a in group)
            {
                var rid = Uri.EscapeDataString(a.Id);
                html.Append(CultureInfo.InvariantCulture, $"<tr data-request=\"{E(a.Id)}\"><th scope=\"row\">{E(a.Subject.Name)}</th><td><a href=\"{E(ui.Link($"/requests/{rid}"))}\">{E(a.Id)}</a></td><td>{E(string.Join(", ", a.AssigneeIds))}</td><td>{E(ui.When(a.ModifiedAt ?? a.CreatedAt))}</td><td>");
                html.Append(CultureInfo.InvariantCulture, $"<a href=\"{E(ui.Link($"/requests/{rid}/history"))}\">{E(t["Console.History"])}</a>");
                if (status.CanMoveTo(AssignmentStatus.Cancelled))
                {
                    html.Append(CultureInfo.InvariantCulture, $"<form class=\"inline\" method=\"post\" action=\"{E(ui.Link($"/console/{id}/requests/{rid}/cancel"))}\">{ui.AntiforgeryField()}<label class=\"visually-hidden\" for=\"reason-{E(a.Id)}\">{E(t.Format("Console.ReasonFor", a.Subject.Name))}</label><input id=\"reason-{E(a.Id)}\" name=\"reason\" maxlength=\"{MaximumReasonLength}\" placeholder=\"{E(t["Console.Reason"])}\"> <button type=\"submit\" class=\"danger\">{E(t["Console.Cancel"])}<span class=\"visually-hidden\"> {E(a.Subject.Name)}</span></button></form>");
                }

                if (status.CanMoveTo(AssignmentStatus.Reopened))
                {
                    html.Append(CultureInfo.InvariantCulture, $"<form class=\"inline reopen\" method=\"post\" action=\"{E(ui.Link($"/console/{id}/requests/{rid}/reopen"))}\">{ui.AntiforgeryField()}<input type=\"hidden\" name=\"version\" value=\"{a.Version.ToString(CultureInfo.InvariantCulture)}\"><label class=\"visually-hidden\" for=\"reopen-reason-{E(a.Id)}\">{E(t.Format("Console.ReopenReasonFor", a.Subject.Name))}</label><input id=\"reopen-reason-{E(a.Id)}\" name=\"reason\" required maxlength=\"{IAssignmentService.MaxReasonLength}\" placeholder=\"{E(t["Console.ReopenReason"])}\"> <button type=\"submit\">{E(t["Console.Reopen"])}<span class=\"visually-hidden\"> {E(a.Subject.Name)}</span></button></form>");
                }

                if (status == AssignmentStatus.Cancelled && ui.Me.IsAdministrator)
                {
                    html.Append(CultureInfo.InvariantCulture, $" <a class=\"button danger\" id=\"delete-{E(a.Id)}\" href=\"{E(ui.Link($"/console/{id}/requests/{rid}/delete"))}\">{E(t["Console.Delete"])}<span class=\"visually-hidden\"> {E(a.Subject.Name)}</span></a>");
                }

                html.Append("</td></tr>");
            }

            html.Append("</tbody></table>\n");
        }

        if (all.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\">{E(t["Console.NoRequests"])}</p>");
        }

        html.Append("</section>\n");
        return Page(ui, t.Format("Console.CampaignTitle", campaign.Name), html.ToString(), script: "console.js");
    }

    /// <summary>The dashboard (moved from the sample host): a skeleton that console.js fills from the web API, with the
    /// text it needs from the resource file.</summary>
    private static string Dashboard(UIContext ui, Campaign campaign)
    {
        var t = ui.T;
        var keys = new[]
        {
            "NoCycles", "ChartTitle", "ChartDesc", "ChartReached", "ChartNotReached", "AxisWeek", "AxisUtility", "Threshold", "ReachedIn", "PointTitle",
            "HeatTitle", "HeatDesc", "Cost", "ColourBar", "Nobody", "ContactsCaption", "ShowingFirst", "HoldIt", "NotYet", "ToInvite", "Loading", "Updated", "CycleRan",
        };
        var text = JsonSerializer.Serialize(keys.ToDictionary(k => k, k => t["Dashboard." + k], StringComparer.Ordinal));
        return $"""
            <script type="application/json" id="dashboard-text">{text.Replace("</", "<\\/", StringComparison.Ordinal)}</script>
            <div id="dashboard" data-campaign="{E(campaign.Id)}" data-api="{E(ApiLocation.Of(ui.Http))}">
            <p class="controls"><button type="button" id="run-cycle">{E(t["Dashboard.RunCycle"])}</button></p>
            <p id="status" class="status" role="status" aria-live="polite"></p>
            <section class="summary" aria-label="{E(t["Dashboard.Summary"])}">
              <dl id="summary">
                <div><dt>{E(t["Dashboard.Week"])}</dt><dd id="stat-week">–</dd></div>
                <div><dt>{E(t["Dashboard.Crowd"])}</dt><dd id="stat-crowd">–</dd></div>
                <div><dt>{E(t["Dashboard.TotalNow"])}</dt><dd id="stat-total">–</dd></div>
                <div><dt>{E(t["Dashboard.WorkshopThreshold"])}</dt><dd id="stat-threshold">–</dd></div>
                <div><dt>{E(t["Dashboard.Workshop"])}</dt><dd id="stat-hold">–</dd></div>
                <div><dt>{E(t["Dashboard.ContactNext"])}</dt><dd id="stat-contacts">–</dd></div>
              </dl>
            </section>
            <div class="grid">
              <section class="card" aria-labelledby="utility-title">
                <h2 id="utility-title">{E(t["Dashboard.UtilityTitle"])}</h2>
                <figure id="utility-chart" class="figure" data-ready="false"><figcaption class="note">{E(t["Dashboard.UtilityCaption"])}</figcaption></figure>
              </section>
              <section class="card" aria-labelledby="heatmap-title">
                <h2 id="heatmap-title">{E(t["Dashboard.HeatTitleHeading"])}</h2>
                <figure id="heatmap" class="figure" data-ready="false"><figcaption class="note">{E(t["Dashboard.HeatCaption"])}</figcaption></figure>
              </section>
              <section class="card wide" aria-labelledby="contacts-title">
                <h2 id="contacts-title">{E(t["Dashboard.ContactsTitle"])}</h2>
                <table id="contacts-table" data-ready="false">
                  <caption id="contacts-caption">{E(t["Dashboard.ContactsCaptionStart"])}</caption>
                  <thead><tr><th scope="col">{E(t["Dashboard.Participant"])}</th><th scope="col">{E(t["Dashboard.Intervention"])}</th><th scope="col" class="num">{E(t["Dashboard.Value"])}</th><th scope="col" class="num">{E(t["Dashboard.CostColumn"])}</th><th scope="col" class="num">{E(t["Dashboard.Net"])}</th><th scope="col">{E(t["Dashboard.Belief"])}</th><th scope="col">{E(t["Dashboard.LeftAlone"])}</th></tr></thead>
                  <tbody></tbody>
                </table>
              </section>
            </div>
            </div>
            """;
    }

    /// <summary>The report: every request of the campaign with its status and answers (the organiser reads them all).</summary>
    internal static async Task<CampaignReport> ReportAsync(Campaign campaign, IAssignmentService assignments, TimeProvider time, CancellationToken ct)
    {
        var requests = new List<ReportRequest>();
        await foreach (var assignment in StoreExtensions.AllPagesAsync(page => assignments.ListByCampaignAsync(campaign.Id, page, ct), a => a.Id, 1000, ct))
        {
            var view = await assignments.GetAsync(assignment.Id, ct);
            var questions = view.Questionnaire.Sections.SelectMany(s => s.Questions).ToList();
            var answers = questions
                .Select(q => (q, a: view.Response.Find(q.Id)))
                .Where(x => x.a is not null)
                .Select(x => new ReportAnswer(x.q.Id, x.q.Text, x.a!.Value, x.a.AnsweredBy, x.a.AnsweredAt))
                .ToList();
            requests.Add(new ReportRequest(assignment.Id, assignment.Subject, EnumNames.Of(assignment.Status), assignment.AssigneeIds,
                [.. assignment.Delegations.Select(d => d.ToParticipantId).Distinct(StringComparer.Ordinal)], assignment.CreatedAt, assignment.ModifiedAt, assignment.ModifiedBy, assignment.Feedback, answers));
        }

        var counts = Enum.GetValues<AssignmentStatus>().ToDictionary(EnumNames.Of, s => requests.Count(r => r.Status == EnumNames.Of(s)), StringComparer.Ordinal);
        return new CampaignReport(campaign.Id, campaign.Name, time.GetUtcNow(), counts, requests);
    }

    /// <summary>The report as CSV (RFC 4180): a row per answer, and a row with empty answer columns for a request without any.</summary>
    internal static string Csv(CampaignReport report)
    {
        var csv = new StringBuilder();
        csv.Append("request_id,subject_id,subject_name,status,assignees,question_id,question,answer,answered_by,answered_at\r\n");
        foreach (var r in report.Requests)
        {
            var head = string.Join(',', Field(r.Id), Field(r.Subject.Id), Field(r.Subject.Name), Field(r.Status), Field(string.Join(';', r.AssigneeIds)));
            if (r.Answers.Count == 0)
            {
                csv.Append(head).Append(",,,,,\r\n");
                continue;
            }

            foreach (var a in r.Answers)
            {
                csv.Append(head).Append(',').Append(string.Join(',', Field(a.QuestionId), Field(a.Question), Field(a.Value), Field(a.AnsweredBy), Field(a.AnsweredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)))).Append("\r\n");
            }
        }

        return csv.ToString();
    }

    /// <summary>A CSV field: quoted when needed; text a spreadsheet would run as a formula (=, +, -, @ first, except a
    /// number) gets a leading apostrophe.</summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

using System.Globalization;
using System.Text;
using Crowdsourcing.Notifications;
using Crowdsourcing.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.UI.Html;

namespace Crowdsourcing.AspNetCore.UI;

/// <summary>
/// The outbox in the console (<c>/outbox</c>, organisers and administrators, as <c>GET /outbox</c> of the API): its
/// counts by status and the age of the oldest pending notification, and the dead letters (the notifications whose
/// retries ran out) with their attempt history, a Requeue button each and Requeue all (<see cref="IOutboxService"/>).
/// </summary>
internal static class OutboxPage
{
    /// <summary>Dead letters per page: 50.</summary>
    public const int PageSize = 50;

    public static void Map(RouteGroupBuilder pages, string prefix)
    {
        var outbox = UIEndpointFilter.MapOrganiserGroup(pages, "/outbox", prefix);

        outbox.MapGet("/", async (string? after, string? notice, string? count, HttpContext http, IOutboxService service, CancellationToken ct) =>
            await RenderAsync(UIContext.Create(http, prefix), service, after, notice, count, ct));

        outbox.MapPost("/requeue", async (HttpContext http, IOutboxService service, CancellationToken ct) =>
            {
                var ui = UIContext.Create(http, prefix);
                var form = await http.Request.ReadFormAsync(ct);
                var id = form["id"].ToString();
                Limits.CheckKey(id, "id");
                await service.RequeueAsync(id, ct);
                return Results.Redirect(ui.Link("/outbox?notice=requeued"));
            });

        outbox.MapPost("/requeue-all", async (HttpContext http, IOutboxService service, CancellationToken ct) =>
            {
                var ui = UIContext.Create(http, prefix);
                var requeued = await service.RequeueAllAsync(ct);
                return Results.Redirect(ui.Link($"/outbox?notice=requeued-all&count={requeued.ToString(CultureInfo.InvariantCulture)}"));
            });
    }

    private static async Task<IResult> RenderAsync(UIContext ui, IOutboxService service, string? after, string? notice, string? count, CancellationToken ct)
    {
        var t = ui.T;
        var html = new StringBuilder(8192);
        if (notice == "requeued")
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\" id=\"notice\">{E(t["Outbox.Requeued"])}</p>\n");
        }
        else if (notice == "requeued-all" && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\" id=\"notice\">{E(t.Format("Outbox.RequeuedAll", n))}</p>\n");
        }

        var stats = await service.GetStatisticsAsync(ct);
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\" aria-labelledby=\"outbox-stats-title\"><h2 id=\"outbox-stats-title\">{E(t["Outbox.Statistics"])}</h2><dl class=\"facts\" id=\"outbox-stats\">");
        html.Append(CultureInfo.InvariantCulture, $"<div><dt>{E(t["Outbox.Pending"])}</dt><dd id=\"stat-pending\">{stats.Pending.ToString(CultureInfo.InvariantCulture)}</dd></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div><dt>{E(t["Outbox.Delivered"])}</dt><dd id=\"stat-delivered\">{stats.Delivered.ToString(CultureInfo.InvariantCulture)}</dd></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div><dt>{E(t["Outbox.Failed"])}</dt><dd id=\"stat-failed\">{stats.Failed.ToString(CultureInfo.InvariantCulture)}</dd></div>");
        html.Append(CultureInfo.InvariantCulture, $"<div><dt>{E(t["Outbox.OldestPending"])}</dt><dd id=\"stat-oldest\">{E(stats.OldestPendingQueuedAt is { } oldest ? ui.When(oldest) : t["Outbox.NonePending"])}</dd></div>");
        html.Append("</dl></section>\n");

        var page = new PageRequest(string.IsNullOrEmpty(after) ? null : after, PageSize);
        var letters = new List<Notification>(PageSize);
        await foreach (var letter in service.ListAsync(NotificationStatus.Failed, page, ct).WithCancellation(ct))
        {
            letters.Add(letter);
        }

        html.Append(CultureInfo.InvariantCulture, $"<section class=\"card wide\" aria-labelledby=\"dead-letters-title\" id=\"dead-letters\"><h2 id=\"dead-letters-title\">{E(t["Outbox.DeadLetters"])}</h2>\n");
        if (stats.Failed > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(ui.Link("/outbox/requeue-all"))}\" class=\"controls\">{ui.AntiforgeryField()}<button type=\"submit\" id=\"requeue-all\">{E(t.Format("Outbox.RequeueAll", stats.Failed))}</button></form>\n");
        }

        if (letters.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"no-dead-letters\">{E(t["Outbox.NoDeadLetters"])}</p>");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<table class=\"requests\" id=\"dead-letter-table\"><caption>{E(t.Format("Outbox.DeadLettersCaption", letters.Count))}</caption>");
            html.Append(CultureInfo.InvariantCulture, $"<thead><tr><th scope=\"col\">{E(t["Outbox.Notification"])}</th><th scope=\"col\">{E(t["Outbox.Recipient"])}</th><th scope=\"col\">{E(t["Outbox.Attempts"])}</th><th scope=\"col\">{E(t["Outbox.LastError"])}</th><th scope=\"col\">{E(t["Console.Actions"])}</th></tr></thead><tbody>");
            var row = 0;
            foreach (var letter in letters)
            {
                row++;
                var rid = "dl-" + row.ToString(CultureInfo.InvariantCulture);
                html.Append(CultureInfo.InvariantCulture, $"<tr data-notification=\"{E(letter.Id)}\"><th scope=\"row\" id=\"{rid}\"><span class=\"note\">{E(letter.Kind)} · {E(letter.Channel)}</span><br>{E(letter.Subject)}<br><code>{E(letter.Id)}</code></th>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{E(letter.RecipientId)}</td><td>{letter.Attempts.ToString(CultureInfo.InvariantCulture)}");
                if (letter.History.Count > 0)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<details><summary>{E(t["Outbox.History"])}<span class=\"visually-hidden\"> {E(letter.Subject)}</span></summary><ol class=\"attempts\">");
                    foreach (var attempt in letter.History)
                    {
                        html.Append(CultureInfo.InvariantCulture, $"<li>{E(t.Format("Outbox.Attempt", attempt.Number, ui.When(attempt.At), attempt.By, attempt.Error))}</li>");
                    }

                    html.Append("</ol></details>");
                }

                html.Append(CultureInfo.InvariantCulture, $"</td><td>{E(letter.LastError ?? string.Empty)}</td><td>");
                html.Append(CultureInfo.InvariantCulture, $"<form class=\"inline\" method=\"post\" action=\"{E(ui.Link("/outbox/requeue"))}\">{ui.AntiforgeryField()}<input type=\"hidden\" name=\"id\" value=\"{E(letter.Id)}\"><button type=\"submit\" aria-describedby=\"{rid}\">{E(t["Outbox.Requeue"])}</button></form></td></tr>");
            }

            html.Append("</tbody></table>\n");
            if (letters.Count == PageSize)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(ui.Link("/outbox?after=" + Uri.EscapeDataString(letters[^1].Id)))}\" id=\"next-page\">{E(t["Outbox.NextPage"])}</a></p>");
            }
        }

        html.Append("</section>\n");
        return Page(ui, t["Outbox.Title"], html.ToString());
    }
}

using System.Globalization;
using System.Text;
using Crowdsourcing.AspNetCore.Decisions;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Forecasts;
using Crowdsourcing.Learning;
using Crowdsourcing.PlanReports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Crowdsourcing.AspNetCore.UI.Html;

namespace Crowdsourcing.AspNetCore.UI;

/// <summary>
/// The console's plan pages (organisers and administrators; the runtime then checks that they organise the campaign):
/// the plan versus what happened, drawn as a server-rendered SVG with the threshold and the crossing interval and
/// listed in a table, and the model learned from the campaign's history with how the plan would change and an Adopt
/// button.
/// </summary>
internal static class PlanPages
{
    private const double Level = 0.8;

    public static void Map(RouteGroupBuilder pages, string prefix)
    {
        var console = UIEndpointFilter.MapOrganiserGroup(pages, "/console", prefix);

        console.MapGet("/{campaignId}/plan", async (string campaignId, HttpContext http, ICampaignService campaigns, ICampaignPlanReportService reports, CancellationToken ct) =>
            {
                var ui = UIContext.Create(http, prefix);
                var campaign = await campaigns.GetAsync(campaignId, ct);
                return PlanPage(ui, campaign, await reports.GetPlanReportAsync(campaignId, null, ct));
            });

        console.MapGet("/{campaignId}/learning", async (string campaignId, string? notice, HttpContext http, ICampaignService campaigns, ICampaignLearningService learning, CancellationToken ct) =>
            {
                var ui = UIContext.Create(http, prefix);
                var campaign = await campaigns.GetAsync(campaignId, ct);
                CampaignModelEstimate? estimate = null;
                string? nothing = null;
                try
                {
                    estimate = await learning.LearnAsync(campaignId, ct);
                }
                catch (InvalidStateException ex)
                {
                    nothing = ex.Message;
                }

                return LearningPage(ui, campaign, estimate, nothing, notice);
            });

        console.MapPost("/{campaignId}/learning/adopt", async (string campaignId, HttpContext http, ICampaignLearningService learning, CancellationToken ct) =>
            {
                var ui = UIContext.Create(http, prefix);
                var form = await http.Request.ReadFormAsync(ct);
                if (!long.TryParse(form["campaignVersion"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
                {
                    throw new ValidationFailedException("campaignVersion", ui.T["Learning.VersionMissing"]);
                }

                await learning.AdoptAsync(campaignId, version, ct);
                return Results.Redirect(ui.Link($"/console/{Uri.EscapeDataString(campaignId)}/learning?notice=adopted"));
            });
    }

    private static IResult PlanPage(UIContext ui, Campaign campaign, CampaignPlanReport report)
    {
        var t = ui.T;
        var id = Uri.EscapeDataString(campaign.Id);
        var html = new StringBuilder(16384);
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(ui.Link("/console/" + id))}\">{E(t["Plan.Back"])}</a> · <a href=\"{E(ui.Link($"/console/{id}/learning"))}\" id=\"learning-link\">{E(t["Plan.Learning"])}</a></p>\n");
        var workshop = report.WorkshopWeek is { } ww ? t.Format("Plan.WorkshopWeek", ww) : t["Plan.NoWorkshop"];
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"plan-summary\">{E(t.Format("Plan.Summary", report.Policy, N(report.Threshold), workshop, report.Week, report.ModelVersion))}</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"plan-to-date\">{E(t.Format("Plan.ToDate", report.ContactsToDate, N(report.SpendToDate), N(report.CurrentTotal)))}");
        if (report.Budget is { } budget)
        {
            html.Append(' ').Append(E(t.Format("Plan.Budget", N(budget), report.BudgetKind, N(report.BudgetUsedToDate ?? 0), report.BudgetPrice is { } p ? p.ToString("0.###", CultureInfo.InvariantCulture) : "-")));
        }

        html.Append("</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"crossing\">{E(Crossing(t, report.Forecast, "Plan.CrossingNow"))}<br>{E(Crossing(t, report.Plan, "Plan.CrossingPlanned"))}</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<figure class=\"figure\" id=\"plan-chart\">{Chart(t, report)}<figcaption class=\"note\">{E(t["Plan.ChartCaption"])}</figcaption></figure>\n");

        html.Append(CultureInfo.InvariantCulture, $"<table id=\"plan-weeks\"><caption>{E(t["Plan.TableCaption"])}</caption><thead><tr>");
        foreach (var key in new[] { "Plan.Week", "Plan.Planned", "Plan.PlannedSpend", "Plan.Recorded", "Plan.Actual", "Plan.Contacts", "Plan.Spend", "Plan.BudgetUsed", "Plan.Forecast", "Plan.Interval", "Plan.Crossed" })
        {
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{E(t[key])}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var w in report.Weeks)
        {
            var interval = w.ForecastLower is { } lo && w.ForecastUpper is { } hi ? $"{N(lo)}–{N(hi)}" : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"<tr data-week=\"{w.Week}\"><th scope=\"row\">{w.Week}</th><td>{N(w.PlannedTotal)}</td><td>{N(w.PlannedSpend)}</td><td>{N(w.RecordedTotal)}</td><td>{N(w.ActualTotal)}</td><td>{w.Contacts?.ToString(CultureInfo.InvariantCulture)}</td><td>{N(w.Spend)}</td><td>{N(w.BudgetUsed)}</td><td>{N(w.ForecastTotal)}</td><td>{E(interval)}</td><td>{(w.ProbabilityCrossedBy is { } pc ? pc.ToString("0%", CultureInfo.InvariantCulture) : string.Empty)}</td></tr>");
        }

        html.Append("</tbody></table>\n");
        return Page(ui, t.Format("Plan.Title", campaign.Name), html.ToString());
    }

    private static string Crossing(UIText t, PlanForecast plan, string key)
    {
        var c = plan.Crossing;
        var when = c.MostLikely is { } likely
            ? t.Format("Plan.CrossingWeek", likely, c.Lower?.ToString(CultureInfo.InvariantCulture) ?? "?", c.Upper?.ToString(CultureInfo.InvariantCulture) ?? t["Plan.Later"], c.IntervalLevel.ToString("0%", CultureInfo.InvariantCulture))
            : t.Format("Plan.NotCrossing", plan.Weeks[^1].Week);
        var byWorkshop = plan.ProbabilityByWorkshop is { } p ? " " + t.Format("Plan.ByWorkshop", p.ToString("0%", CultureInfo.InvariantCulture)) : string.Empty;
        return t.Format(key, when) + byWorkshop;
    }

    /// <summary>The chart: planned and forecast totals per week, what happened, the forecast's interval as a band, the threshold, and the crossing interval.</summary>
    private static string Chart(UIText t, CampaignPlanReport report)
    {
        const double width = 760, height = 320, left = 64, right = 16, top = 16, bottom = 40;
        var weeks = report.Weeks;
        var last = Math.Max(1, weeks[^1].Week);
        var values = weeks.SelectMany(w => new[] { w.PlannedTotal, w.ActualTotal, w.RecordedTotal, w.ForecastUpper, w.ForecastLower }).Where(v => v is not null).Select(v => v!.Value).Append(report.Threshold).Append(0).ToList();
        var max = values.Max();
        var min = Math.Min(0, values.Min());
        max = max <= min ? min + 1 : max * 1.05;
        double X(double week) => left + ((width - left - right) * week / last);
        double Y(double value) => top + ((height - top - bottom) * (1 - ((value - min) / (max - min))));
        string P(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var svg = new StringBuilder(8192);
        svg.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {P(width)} {P(height)}\" role=\"img\" aria-labelledby=\"plan-chart-title\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"plan-chart-title\">{E(t["Plan.ChartTitle"])}</title>");

        // The crossing interval (forecast), shaded, and its most likely week.
        var c = report.Forecast.Crossing;
        if (c.Lower is { } lower)
        {
            var upper = c.Upper ?? weeks[^1].Week;
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"crossing-interval\" x=\"{P(X(lower))}\" y=\"{P(top)}\" width=\"{P(Math.Max(2, X(upper) - X(lower)))}\" height=\"{P(height - top - bottom)}\" fill=\"#1e7b45\" fill-opacity=\"0.12\"><title>{E(t.Format("Plan.CrossingInterval", lower, c.Upper?.ToString(CultureInfo.InvariantCulture) ?? t["Plan.Later"]))}</title></rect>");
        }

        // Axes and grid.
        svg.Append("<g class=\"axis\">");
        for (var i = 0; i <= 4; i++)
        {
            var v = min + ((max - min) * i / 4);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid-line\" x1=\"{P(left)}\" x2=\"{P(width - right)}\" y1=\"{P(Y(v))}\" y2=\"{P(Y(v))}\"/><text x=\"{P(left - 6)}\" y=\"{P(Y(v) + 4)}\" text-anchor=\"end\" font-size=\"11\">{N(v)}</text>");
        }

        var step = Math.Max(1, (int)Math.Ceiling(last / 12.0));
        for (var w = 0; w <= last; w += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{P(X(w))}\" y=\"{P(height - bottom + 16)}\" text-anchor=\"middle\" font-size=\"11\">{w}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{P((left + width - right) / 2)}\" y=\"{P(height - 4)}\" text-anchor=\"middle\" font-size=\"12\">{E(t["Plan.Week"])}</text></g>");

        // The forecast's interval as a band.
        var band = weeks.Where(w => w.ForecastLower is not null).ToList();
        if (band.Count > 1)
        {
            var points = band.Select(w => $"{P(X(w.Week))},{P(Y(w.ForecastUpper!.Value))}").Concat(band.AsEnumerable().Reverse().Select(w => $"{P(X(w.Week))},{P(Y(w.ForecastLower!.Value))}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polygon class=\"forecast-band\" points=\"{string.Join(' ', points)}\" fill=\"#3b6fd8\" fill-opacity=\"0.15\" stroke=\"none\"/>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"threshold\" x1=\"{P(left)}\" x2=\"{P(width - right)}\" y1=\"{P(Y(report.Threshold))}\" y2=\"{P(Y(report.Threshold))}\"/><text class=\"threshold-label\" x=\"{P(width - right - 4)}\" y=\"{P(Y(report.Threshold) - 6)}\" text-anchor=\"end\" font-size=\"12\">{E(t.Format("Plan.Threshold", N(report.Threshold)))}</text>");
        if (report.WorkshopWeek is { } workshop && workshop <= last)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"crossing\" x1=\"{P(X(workshop))}\" x2=\"{P(X(workshop))}\" y1=\"{P(top)}\" y2=\"{P(height - bottom)}\"/><text class=\"crossing-label\" x=\"{P(X(workshop) + 4)}\" y=\"{P(top + 12)}\" font-size=\"12\">{E(t.Format("Plan.WorkshopWeek", workshop))}</text>");
        }

        Line(svg, "planned", weeks.Where(w => w.PlannedTotal is not null).Select(w => (X(w.Week), Y(w.PlannedTotal!.Value))), "#8a93a6", "6 4");
        Line(svg, "forecast", weeks.Where(w => w.ForecastTotal is not null).Select(w => (X(w.Week), Y(w.ForecastTotal!.Value))), "#3b6fd8", "2 3");
        var actual = weeks.Where(w => w.ActualTotal is not null).Select(w => (X(w.Week), Y(w.ActualTotal!.Value))).ToList();
        Line(svg, "actual", actual, "#1f2a44", null);
        foreach (var (x, y) in actual)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point\" cx=\"{P(x)}\" cy=\"{P(y)}\" r=\"3.5\"/>");
        }

        // The legend.
        var legend = new[] { ("Plan.LegendPlanned", "#8a93a6", "6 4"), ("Plan.LegendActual", "#1f2a44", (string?)null), ("Plan.LegendForecast", "#3b6fd8", "2 3") };
        for (var i = 0; i < legend.Length; i++)
        {
            var (key, colour, dash) = legend[i];
            var lx = left + 10 + (i * 170);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{P(lx)}\" x2=\"{P(lx + 24)}\" y1=\"{P(top + 8)}\" y2=\"{P(top + 8)}\" stroke=\"{colour}\" stroke-width=\"2.5\"{(dash is null ? string.Empty : $" stroke-dasharray=\"{dash}\"")}/><text x=\"{P(lx + 30)}\" y=\"{P(top + 12)}\" font-size=\"12\">{E(t[key])}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Line(StringBuilder svg, string name, IEnumerable<(double X, double Y)> points, string colour, string? dash)
    {
        var list = points.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var d = string.Join(' ', list.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"{(i == 0 ? 'M' : 'L')}{p.X:0.#},{p.Y:0.#}")));
        svg.Append(CultureInfo.InvariantCulture, $"<path class=\"series series-{name}\" d=\"{d}\" stroke=\"{colour}\"{(dash is null ? string.Empty : $" stroke-dasharray=\"{dash}\"")} fill=\"none\"/>");
    }

    private static IResult LearningPage(UIContext ui, Campaign campaign, CampaignModelEstimate? estimate, string? nothing, string? notice)
    {
        var t = ui.T;
        var id = Uri.EscapeDataString(campaign.Id);
        var html = new StringBuilder(16384);
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(ui.Link("/console/" + id))}\">{E(t["Plan.Back"])}</a> · <a href=\"{E(ui.Link($"/console/{id}/plan"))}\">{E(t["Console.PlanReport"])}</a></p>\n");
        if (notice == "adopted")
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\" id=\"notice\">{E(t.Format("Learning.Adopted", campaign.Decision.ModelVersion))}</p>\n");
        }

        if (estimate is null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"no-history\">{E(nothing)}</p>\n");
            return Page(ui, t.Format("Learning.Title", campaign.Name), html.ToString());
        }

        var view = LearningView.Of(campaign, estimate);
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"learning-summary\">{E(t.Format("Learning.Summary", view.FromCycle, view.ToCycle, view.Participants, view.ParticipantWeeks, view.ObservedFraction.ToString("0%", CultureInfo.InvariantCulture), view.CurrentModelVersion, view.LargestChange.ToString("0.###", CultureInfo.InvariantCulture)))}</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(t.Format("Learning.Prior", N(view.PriorStrength), view.IntervalLevel.ToString("0%", CultureInfo.InvariantCulture)))}</p>\n");

        // How the plan would change.
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"plan-change-title\">{E(t["Learning.PlanChange"])}</h2>\n");
        if (view.Plans is { } plans)
        {
            html.Append(CultureInfo.InvariantCulture, $"<table id=\"plan-change\" aria-labelledby=\"plan-change-title\"><thead><tr><th scope=\"col\"></th><th scope=\"col\">{E(t["Learning.CurrentModel"])}</th><th scope=\"col\">{E(t["Learning.LearnedModel"])}</th></tr></thead><tbody>");
            Row(html, t["Learning.TotalAtWorkshop"], N(plans.Current.ExpectedTotalAtWorkshop), N(plans.Learned.ExpectedTotalAtWorkshop));
            Row(html, t["Learning.ExpectedSpend"], N(plans.Current.ExpectedSpend), N(plans.Learned.ExpectedSpend));
            Row(html, t["Learning.ContactsThisCycle"], N(plans.Current.NextCycleContacts), N(plans.Learned.NextCycleContacts));
            Row(html, t["Learning.CrossingWeek"], Week(t, plans.Current.Crossing), Week(t, plans.Learned.Crossing));
            Row(html, t["Learning.ByWorkshop"], Percent(plans.Current.ProbabilityByWorkshop), Percent(plans.Learned.ProbabilityByWorkshop));
            html.Append("</tbody></table>\n");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\">{E(view.PlansUnavailable)}</p>\n");
        }

        // The estimates beside the current model.
        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(t["Learning.Estimates"])}</h2>\n");
        Matrix(html, t, "transition", t["Learning.PassiveDynamics"], view.States, view.Transition);
        foreach (var k in view.Interventions)
        {
            Matrix(html, t, "intervention-" + k.Name, t.Format("Learning.InterventionDynamics", k.Name), view.States, k.Transition);
            var rates = string.Join("; ", k.ResponseRates.Select(r => string.Create(CultureInfo.InvariantCulture, $"{(r.State is null ? string.Empty : r.State + ": ")}{r.Current:0.###} → {r.Learned:0.###} [{r.Lower:0.###}, {r.Upper:0.###}]")));
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(t.Format("Learning.ResponseRate", k.Name, rates))}</p>\n");
        }

        // Adopting it (organisers of the campaign; the runtime refuses anyone else and a stale version).
        html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(ui.Link($"/console/{id}/learning/adopt"))}\" id=\"adopt-form\">{ui.AntiforgeryField()}<input type=\"hidden\" name=\"campaignVersion\" value=\"{view.CampaignVersion}\"><button type=\"submit\" id=\"adopt\">{E(t["Learning.Adopt"])}</button> <span class=\"note\">{E(t["Learning.AdoptNote"])}</span></form>\n");
        return Page(ui, t.Format("Learning.Title", campaign.Name), html.ToString());
    }

    private static void Row(StringBuilder html, string label, string current, string learned) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(label)}</th><td>{E(current)}</td><td>{E(learned)}</td></tr>");

    private static void Matrix(StringBuilder html, UIText t, string id, string caption, IReadOnlyList<string> states, MatrixComparison matrix)
    {
        html.Append(CultureInfo.InvariantCulture, $"<table id=\"{E(id)}\"><caption>{E(caption)}</caption><thead><tr><th scope=\"col\">{E(t["Learning.From"])}</th>");
        foreach (var state in states)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{E(state)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        for (var x = 0; x < states.Count; x++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(states[x])}</th>");
            for (var y = 0; y < states.Count; y++)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{matrix.Current[x][y]:0.###} → <strong>{matrix.Learned[x][y]:0.###}</strong> <span class=\"note\">[{matrix.Lower[x][y]:0.###}, {matrix.Upper[x][y]:0.###}]</span></td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>\n");
    }

    private static string Week(UIText t, CrossingWeekForecast crossing) =>
        crossing.MostLikely is { } likely
            ? t.Format("Learning.Crossing", likely, crossing.Lower?.ToString(CultureInfo.InvariantCulture) ?? "?", crossing.Upper?.ToString(CultureInfo.InvariantCulture) ?? t["Plan.Later"])
            : t["Learning.NoCrossing"];

    private static string Percent(double? value) => value is { } v ? v.ToString("0%", CultureInfo.InvariantCulture) : "–";

    private static string N(double? value) => value is { } v ? v.ToString("#,0.#", CultureInfo.InvariantCulture) : string.Empty;
}

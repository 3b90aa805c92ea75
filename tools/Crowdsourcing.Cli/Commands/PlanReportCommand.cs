using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crowdsourcing.Cli.Campaigns;
using Crowdsourcing.Decision.Forecasts;
using Crowdsourcing.PlanReports;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>campaign plan-report</c>: the campaign's plan beside what happened, week by week, and the forecast crossing week.</summary>
internal static class PlanReportCommand
{
    public static Command Create(CliContext context)
    {
        var store = CampaignCommand.StoreOption();
        var campaignOption = new Option<string?>("--campaign") { Description = "The campaign's id (default: the store's only campaign).", HelpName = "id" };
        var weeks = new Option<int?>("--weeks") { Description = $"How many weeks to forecast from now, 1 to {PlanForecastOptions.MaxWeeks} (default: 4 weeks past the workshop week when it is ahead, else 20).", HelpName = "count" };
        var format = CommonOptions.Format("table", "json");
        var command = new Command("plan-report", """
            Show the campaign's plan beside what happened, week by week: the plan from the start (the campaign's policy
            under its current settings, from the beliefs cycle 1 decided from), each recorded cycle's total (when it was
            decided, and after the week's reports), contacts, spend, budget used and its price, and the forecast from
            now: the expected total with an 80 % interval per week, the projected week the total crosses the threshold
            (most likely, and a 10-90 % interval) and the probability of reaching it by the workshop week. Records
            nothing.

            Examples:
              crowdsourcing campaign plan-report
              crowdsourcing campaign plan-report --weeks 12 --format json
            """)
        {
            store, campaignOption, weeks, format,
        };
        command.SetAction((parseResult, cancellationToken) => CampaignCommand.Guarded(async () =>
        {
            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var campaign = await runtime.ResolveCampaignAsync(parseResult.GetValue(campaignOption), cancellationToken).ConfigureAwait(false);
                var report = await runtime.PlanReports.GetPlanReportAsync(campaign.Id, parseResult.GetValue(weeks), cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(format) == "json")
                {
                    CommonOptions.WriteJson(context, w => WriteJson(w, report));
                    return;
                }

                WriteTable(context.Output, report);
            }
        }));
        return command;
    }

    private static void WriteJson(Utf8JsonWriter w, CampaignPlanReport report)
    {
        w.WriteStartObject();
        w.WriteString("campaign", report.CampaignId);
        w.WriteString("policy", report.Policy);
        w.WriteNumber("modelVersion", report.ModelVersion);
        w.WriteNumber("threshold", report.Threshold);
        Number(w, "workshopWeek", report.WorkshopWeek);
        w.WriteNumber("week", report.Week);
        Number(w, "budget", report.Budget);
        w.WriteString("budgetKind", report.BudgetKind);
        w.WriteNumber("spendToDate", CommonOptions.Figure(report.SpendToDate));
        w.WriteNumber("contactsToDate", report.ContactsToDate);
        Number(w, "budgetUsedToDate", report.BudgetUsedToDate);
        Number(w, "budgetPrice", report.BudgetPrice);
        w.WriteNumber("currentTotal", CommonOptions.Figure(report.CurrentTotal));
        Number(w, "crossedWeek", report.CrossedWeek);
        WritePlan(w, "plan", report.Plan);
        WritePlan(w, "forecast", report.Forecast);
        w.WriteStartArray("weeks");
        foreach (var week in report.Weeks)
        {
            w.WriteStartObject();
            w.WriteNumber("week", week.Week);
            Number(w, "plannedTotal", week.PlannedTotal);
            Number(w, "plannedSpend", week.PlannedSpend);
            Number(w, "recordedTotal", week.RecordedTotal);
            Number(w, "actualTotal", week.ActualTotal);
            Number(w, "contacts", week.Contacts);
            Number(w, "spend", week.Spend);
            Number(w, "budgetUsed", week.BudgetUsed);
            Number(w, "budgetPrice", week.BudgetPrice);
            Number(w, "plannedTotalAtWorkshop", week.PlannedTotalAtWorkshop);
            Number(w, "plannedSpendToWorkshop", week.PlannedSpendToWorkshop);
            Number(w, "forecastTotal", week.ForecastTotal);
            Number(w, "forecastLower", week.ForecastLower);
            Number(w, "forecastUpper", week.ForecastUpper);
            Number(w, "forecastSpend", week.ForecastSpend);
            Number(w, "probabilityCrossedBy", week.ProbabilityCrossedBy);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A forecast in brief: the crossing week and its interval, the total and spend at the workshop.</summary>
    internal static void WritePlan(Utf8JsonWriter w, string name, PlanForecast plan)
    {
        w.WriteStartObject(name);
        w.WriteString("policy", plan.Policy);
        w.WriteNumber("startWeek", plan.StartWeek);
        Number(w, "expectedCrossingWeek", plan.ExpectedCrossingWeek);
        Number(w, "mostLikelyCrossingWeek", plan.Crossing.MostLikely);
        Number(w, "crossingWeekLower", plan.Crossing.Lower);
        Number(w, "crossingWeekUpper", plan.Crossing.Upper);
        w.WriteNumber("intervalLevel", plan.Crossing.IntervalLevel);
        w.WriteNumber("probabilityWithinForecast", CommonOptions.Figure(plan.Crossing.ProbabilityWithinForecast));
        Number(w, "probabilityByWorkshop", plan.ProbabilityByWorkshop);
        Number(w, "expectedTotalAtWorkshop", plan.ExpectedTotalAtWorkshop);
        w.WriteNumber("expectedSpend", CommonOptions.Figure(plan.ExpectedSpend));
        w.WriteNumber("nextCycleContacts", CommonOptions.Figure(plan.NextCycleContacts));
        w.WriteNumber("mergedClasses", plan.MergedClasses);
        w.WriteEndObject();
    }

    /// <summary>The crossing week in words: <c>week 11 most likely (10-15 at 80 %), 56 % by the workshop week 11</c>.</summary>
    internal static string Crossing(PlanForecast plan)
    {
        var c = plan.Crossing;
        var text = c.MostLikely is { } likely
            ? string.Create(CultureInfo.InvariantCulture, $"week {likely} most likely ({Week(c.Lower)}-{Week(c.Upper)} at {c.IntervalLevel:0%})")
            : string.Create(CultureInfo.InvariantCulture, $"not within the forecast (to week {plan.Weeks[^1].Week})");
        return plan.ProbabilityByWorkshop is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"{text}; {p:0%} by the workshop week {plan.WorkshopWeek}")
            : text;
    }

    private static string Week(int? week) => week is { } w ? w.ToString(CultureInfo.InvariantCulture) : "later";

    private static void WriteTable(TextWriter o, CampaignPlanReport report)
    {
        var workshop = report.WorkshopWeek is { } ww ? string.Create(CultureInfo.InvariantCulture, $"workshop week {ww}") : "no workshop week";
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan report of '{report.CampaignId}': policy {report.Policy}, model version {report.ModelVersion}, threshold {report.Threshold:#,0.##}, {workshop}, week {report.Week}"));
        var budget = report.Budget is { } b
            ? string.Create(CultureInfo.InvariantCulture, $"; budget {b:#,0.##} {report.BudgetKind} per cycle, {report.BudgetUsedToDate:#,0.##} used, price {report.BudgetPrice?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-"}")
            : string.Empty;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"to date: {CommonOptions.Count(report.ContactsToDate, "contact")}, spend {report.SpendToDate:#,0.##}{budget}; total now {report.CurrentTotal:#,0.##}"));
        o.WriteLine("planned: from the start; recorded: when the cycle was decided; actual: after the week's reports; forecast: from now, with its 80 % interval");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"week",4}  {"planned",9} {"spend",7}  {"recorded",9} {"actual",9} {"contacts",8} {"spend",7}  {"forecast",9} {"interval",19} {"spend",7} {"crossed",7}"));
        foreach (var w in report.Weeks)
        {
            var interval = w.ForecastLower is { } lo && w.ForecastUpper is { } hi ? string.Create(CultureInfo.InvariantCulture, $"{lo:#,0}-{hi:#,0}") : "";
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{w.Week,4}  {F(w.PlannedTotal),9} {F(w.PlannedSpend),7}  {F(w.RecordedTotal),9} {F(w.ActualTotal),9} {w.Contacts?.ToString(CultureInfo.InvariantCulture) ?? "",8} {F(w.Spend),7}  {F(w.ForecastTotal),9} {interval,19} {F(w.ForecastSpend),7} {(w.ProbabilityCrossedBy is { } p ? p.ToString("0%", CultureInfo.InvariantCulture) : ""),7}"));
        }

        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"crossing the threshold, as planned from the start: {Crossing(report.Plan)}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"crossing the threshold, forecast from now: {Crossing(report.Forecast)}"));
    }

    private static string F(double? value) => value is { } v ? v.ToString("#,0", CultureInfo.InvariantCulture) : "";

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, CommonOptions.Figure(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}

using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Forecasts;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.PlanReports;
using Crowdsourcing.Tests.DecisionCycles;
using Crowdsourcing.Tests.Support;

namespace Crowdsourcing.Tests.PlanReports;

public sealed class CampaignPlanReportTests
{
    private static readonly string[] Experts = [.. Enumerable.Range(1, 60).Select(i => $"e{i:00}")];

    /// <summary>60 experts at the preset's prior, a myopic campaign with a workshop in week 4 and a threshold of 900; two cycles run, with reports after each.</summary>
    private static async Task<CycleWorld> CampaignWithTwoCyclesAsync()
    {
        var world = await CycleWorld.CreateAsync(threshold: 900, participants: Experts);
        var campaign = (await world.Store.Campaigns.FindAsync(CycleWorld.CampaignId))!;
        await world.Host.Campaigns.UpdateDecisionSettingsAsync(CycleWorld.CampaignId, new CampaignDecisionSettings { Policy = "myopic", WorkshopWeek = 4 }, campaign.Version);
        for (var cycle = 1; cycle <= 2; cycle++)
        {
            world.At(cycle);
            var outcome = await world.Cycles.RunNextCycleAsync(CycleWorld.CampaignId);
            Assert.False(outcome.AlreadyRecorded);
            var i = 0;
            foreach (var contact in outcome.Record.Contacts.Take(10))
            {
                await world.ReportAsync($"a-{cycle}-{contact.ParticipantId}", contact.ParticipantId, i++ % 2 == 0 ? "good" : "fair", world.Start + (cycle * CycleWorld.Week) + TimeSpan.FromHours(2));
            }
        }

        world.At(2, TimeSpan.FromDays(3));
        return world;
    }

    [Fact]
    public async Task The_report_puts_the_plan_from_the_start_beside_the_recorded_cycles_and_the_forecast_from_now()
    {
        using var world = await CampaignWithTwoCyclesAsync();
        var records = await TestHost.ToListAsync(world.Store.Cycles.ListAsync(CycleWorld.CampaignId));
        var report = await world.Host.Get<ICampaignPlanReportService>().GetPlanReportAsync(CycleWorld.CampaignId);

        Assert.Equal(("myopic", 1, 900.0, (int?)4, 2), (report.Policy, report.ModelVersion, report.Threshold, report.WorkshopWeek, report.Week));
        Assert.Equal(Enumerable.Range(0, 9), report.Weeks.Select(w => w.Week)); // 4 weeks past the workshop week

        // The plan from the start: everyone at the prior in week 0.
        var prior = world.Meu(world.Host.Get<Crowdsourcing.DecisionModels.IDecisionModelRegistry>().GetModel("crowdarb-paper").InitialBelief.AsSpan().ToArray());
        Assert.Equal(Experts.Length * prior, report.Weeks[0].PlannedTotal!.Value, 6);
        Assert.All(report.Weeks, w => Assert.NotNull(w.PlannedTotal));

        // What happened: each cycle's record, and the total after the week's reports (what the next cycle decided from).
        for (var week = 1; week <= 2; week++)
        {
            var row = report.Weeks[week];
            var record = records[week - 1];
            Assert.Equal(record.TotalExpectedUtility, row.RecordedTotal);
            Assert.Equal(record.Contacts.Count, row.Contacts);
            Assert.Equal(record.Contacts.Sum(c => c.Cost), row.Spend!.Value, 9);
        }

        Assert.Equal(records[0].StartingTotal, report.Weeks[0].ActualTotal);
        Assert.Equal(records[1].StartingTotal, report.Weeks[1].ActualTotal);
        Assert.True(records[1].StartingTotal > records[0].TotalExpectedUtility, "the week-1 reports raised the total");
        var workshop = await world.Cycles.GetWorkshopRecommendationAsync(CycleWorld.CampaignId);
        Assert.Equal(workshop.TotalExpectedUtility, report.Weeks[2].ActualTotal!.Value, 6);
        Assert.Equal(workshop.TotalExpectedUtility, report.CurrentTotal, 6);
        Assert.Null(report.Weeks[3].RecordedTotal);
        Assert.Equal(records.Sum(r => r.Contacts.Count), report.ContactsToDate);

        // The forecast from now: from week 2 on, with an interval around the expected total and a crossing probability that only grows.
        Assert.All(report.Weeks.Take(2), w => Assert.Null(w.ForecastTotal));
        Assert.Equal(7, report.Forecast.Weeks.Count);
        foreach (var row in report.Weeks.Skip(3))
        {
            Assert.InRange(row.ForecastTotal!.Value, row.ForecastLower!.Value, row.ForecastUpper!.Value);
            Assert.True(row.ForecastUpper > row.ForecastLower);
        }

        for (var week = 3; week < report.Weeks.Count; week++)
        {
            Assert.True(report.Weeks[week].ProbabilityCrossedBy >= report.Weeks[week - 1].ProbabilityCrossedBy);
        }

        Assert.Equal(report.Weeks[4].ProbabilityCrossedBy, report.Forecast.ProbabilityByWorkshop);

        // The same forecast as the engine's, from the same beliefs and the same policy.
        var direct = PlanForecaster.Forecast(world.Model, await CurrentBeliefsAsync(world), ContactPolicies.Myopic, new PlanForecastOptions { StartWeek = 2, Weeks = 6, Threshold = 900, WorkshopWeek = 4 });
        Assert.Equal(direct.Weeks.Select(w => Math.Round(w.ExpectedTotal, 6)), report.Forecast.Weeks.Select(w => Math.Round(w.ExpectedTotal, 6)));
        Assert.Equal(direct.Crossing, report.Forecast.Crossing);
    }

    [Fact]
    public async Task A_planning_campaign_reports_its_budget_its_price_and_the_weeks_to_the_workshop_in_every_cycle()
    {
        using var world = await CycleWorld.CreateAsync(threshold: 900, participants: Experts);
        var campaign = (await world.Store.Campaigns.FindAsync(CycleWorld.CampaignId))!;
        await world.Host.Campaigns.UpdateDecisionSettingsAsync(CycleWorld.CampaignId, new CampaignDecisionSettings { Policy = "planned", WorkshopWeek = 5, Budget = 5 }, campaign.Version);
        for (var cycle = 1; cycle <= 3; cycle++)
        {
            world.At(cycle);
            var outcome = await world.Cycles.RunNextCycleAsync(CycleWorld.CampaignId);
            Assert.Equal(5 - cycle + 1, outcome.Record.WeeksToWorkshop);
        }

        var report = await world.Host.Get<ICampaignPlanReportService>().GetPlanReportAsync(CycleWorld.CampaignId, weeks: 3);
        Assert.Equal((5.0, "count"), (report.Budget!.Value, report.BudgetKind));
        Assert.Equal(Enumerable.Range(0, 7), report.Weeks.Select(w => w.Week));
        Assert.All(report.Weeks.Skip(1).Take(3), w => Assert.InRange(w.BudgetUsed!.Value, 0, 5));
        Assert.Equal(report.Weeks.Sum(w => w.BudgetUsed ?? 0), report.BudgetUsedToDate);
        Assert.NotNull(report.BudgetPrice);
        Assert.All(report.Forecast.Weeks.Skip(1), w => Assert.InRange(w.Contacts, 0, 5 + 1e-9));
    }

    [Fact]
    public async Task Only_its_organisers_see_a_campaigns_plan_report_and_the_forecast_horizon_has_a_limit()
    {
        using var world = await CampaignWithTwoCyclesAsync();
        var service = world.Host.Get<ICampaignPlanReportService>();
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await ActingAs.As(ActingAs.Person("e01"), () => service.GetPlanReportAsync(CycleWorld.CampaignId)));
        var error = await Assert.ThrowsAsync<ValidationFailedException>(async () => await service.GetPlanReportAsync(CycleWorld.CampaignId, weeks: 521));
        Assert.Equal("weeks", error.Errors[0].Path);
        await Assert.ThrowsAsync<NotFoundException>(async () => await service.GetPlanReportAsync("nobody"));
    }

    [Fact]
    public async Task Before_any_cycle_the_plan_from_the_start_is_the_forecast_from_now()
    {
        using var world = await CycleWorld.CreateAsync(threshold: 900, participants: Experts);
        var service = world.Host.Get<ICampaignPlanReportService>();
        var report = await service.GetPlanReportAsync(CycleWorld.CampaignId, weeks: 5);
        Assert.Equal(0, report.Week);
        Assert.Equal(report.Plan.Weeks, report.Forecast.Weeks);
        Assert.Null(report.WorkshopWeek);
        Assert.Null(report.Forecast.ProbabilityByWorkshop);
        Assert.All(report.Weeks, w => Assert.Null(w.RecordedTotal));
        Assert.Equal(report.Weeks[0].PlannedTotal, report.Weeks[0].ActualTotal);
    }

    private static async Task<BeliefPopulation> CurrentBeliefsAsync(CycleWorld world)
    {
        // The stored week-2 beliefs with the reports made since cycle 2 applied (certain in the reported level).
        var stored = await world.StoredBeliefsAsync();
        var population = new BeliefPopulation(3, Experts.Length);
        var states = world.Model.States;
        var assessments = await TestHost.ToListAsync(world.Store.Assignments.ListAssessmentsByCampaignAsync(CycleWorld.CampaignId, null, world.Host.Time.GetUtcNow()));
        var records = await TestHost.ToListAsync(world.Store.Cycles.ListAsync(CycleWorld.CampaignId));
        for (var i = 0; i < Experts.Length; i++)
        {
            population.SetBelief(i, [.. stored[Experts[i]].Probabilities]);
            var report = assessments.Where(a => a.AssignmentId.EndsWith("-" + Experts[i], StringComparison.Ordinal) && a.AssessedAt > records[1].DecidedAt).OrderBy(a => a.AssessedAt).LastOrDefault();
            if (report is not null)
            {
                population.SetCertain(i, states.ToList().IndexOf(report.ReadinessLevel));
            }
        }

        return population;
    }
}

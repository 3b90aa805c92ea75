using System.Globalization;
using Crowdsourcing.Access;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Forecasts;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Storage;

namespace Crowdsourcing.PlanReports;

/// <summary>The plan report over the provider's store; see <see cref="ICampaignPlanReportService"/>.</summary>
internal sealed class CampaignPlanReportService(
    ICrowdsourcingStore store,
    IDecisionModelRegistry registry,
    CrowdResolver crowdResolver,
    ReportReader reports,
    CrowdStateLoader loader,
    CampaignForecasts forecasts,
    AccessPolicy access,
    TimeProvider time,
    CrowdsourcingDiagnostics diagnostics) : ICampaignPlanReportService
{
    /// <summary>The mass of the weekly intervals in the report: 0.8 (the 10 % and 90 % points).</summary>
    private const double Level = 0.8;

    public async ValueTask<CampaignPlanReport> GetPlanReportAsync(string campaignId, int? weeks = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        if (weeks is < 1 or > PlanForecastOptions.MaxWeeks)
        {
            throw new ValidationFailedException("weeks", string.Create(CultureInfo.InvariantCulture, $"'weeks' must be from 1 to {PlanForecastOptions.MaxWeeks}; it was {weeks}."));
        }

        using var activity = diagnostics.StartOperation("Campaign.PlanReport", campaignId);
        try
        {
            var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
            access.RequireOrganiserOf(campaign, $"see the plan report of campaign '{campaign.Id}'");
            var model = Learning.CampaignModels.Resolve(registry, campaign);
            var cycles = new List<DecisionCycleRecord>();
            await foreach (var record in store.Cycles.ListAsync(campaign.Id, cancellationToken).ConfigureAwait(false))
            {
                cycles.Add(record);
            }

            cycles.Sort((a, b) => a.Cycle.CompareTo(b.Cycle));
            var now = time.GetUtcNow();
            var latest = cycles.Count == 0 ? null : cycles[^1];
            var week = latest?.Cycle ?? 0;

            // From now: the latest week's beliefs with every report since.
            var state = await loader.LoadAsync(campaign, model, week, latest?.DecidedAt, now, cancellationToken).ConfigureAwait(false);
            var forecast = forecasts.Forecast(campaign, model, state.Population, week, CampaignForecasts.Horizon(campaign, week, weeks, 20), cancellationToken);

            // From the start: everyone at the prior with the reports cycle 1 saw, to as far as the forecast looks.
            var start = await StartingBeliefsAsync(campaign, model, cycles.Count == 0 ? now : cycles[0].DecidedAt, cancellationToken).ConfigureAwait(false);
            var plan = forecasts.Forecast(campaign, model, start, 0, Math.Min(PlanForecastOptions.MaxWeeks, forecast.Weeks[^1].Week), cancellationToken);

            var rows = new List<PlanReportWeek>();
            var last = Math.Max(forecast.Weeks[^1].Week, week);
            for (var w = 0; w <= last; w++)
            {
                var planned = w < plan.Weeks.Count ? plan.Weeks[w] : null;
                var record = w >= 1 && w <= cycles.Count && cycles[w - 1].Cycle == w ? cycles[w - 1] : null;
                var nextRecord = w < cycles.Count && cycles[w].Cycle == w + 1 ? cycles[w] : null;
                var actual = w == week ? forecast.Weeks[0].ExpectedTotal : nextRecord?.StartingTotal;
                var ahead = w >= week ? forecast.Weeks[w - week] : null;
                rows.Add(new PlanReportWeek(
                    w,
                    planned?.ExpectedTotal,
                    planned is null || w == 0 ? null : planned.Spend,
                    record?.TotalExpectedUtility,
                    actual,
                    record?.Contacts.Count,
                    record is null ? null : record.Spend ?? record.Contacts.Sum(c => c.Cost),
                    record?.BudgetUsed,
                    record?.BudgetPrice,
                    record?.PlannedTotal,
                    record?.PlannedSpend,
                    ahead?.ExpectedTotal,
                    ahead?.Lower(Level),
                    ahead?.Upper(Level),
                    ahead is null || w == week ? null : ahead.Spend,
                    ahead?.ProbabilityCrossedBy));
            }

            var settings = campaign.Decision;
            activity?.SetTag("crowdsourcing.weeks", rows.Count);
            return new CampaignPlanReport(campaign.Id, forecasts.PolicyName(campaign), settings.ModelVersion, CampaignForecasts.Threshold(campaign), CampaignForecasts.WorkshopWeek(campaign), week, settings.Budget, settings.BudgetKind, rows, plan, forecast);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    /// <summary>The week-0 beliefs: the crowd at the model's prior, with the reports made until <paramref name="until"/>.</summary>
    private async ValueTask<BeliefPopulation> StartingBeliefsAsync(Campaign campaign, RegisteredDecisionModel model, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var (_, ids) = await crowdResolver.ResolveIdsAsync(campaign, cancellationToken).ConfigureAwait(false);
        var population = new BeliefPopulation(model.Model.StateCount, ids.Length);
        population.Fill(model.InitialBelief);
        var reported = await reports.ReadAsync(campaign, model, ids, null, until, cancellationToken).ConfigureAwait(false);
        foreach (var (participant, state) in reported)
        {
            population.SetCertain(participant, state);
        }

        return population;
    }
}

using Crowdsourcing.Decision.Forecasts;

namespace Crowdsourcing.PlanReports;

/// <summary>
/// What the organiser sees of a campaign's plan: week by week, the plan beside what happened, the budget used and its
/// price, and when the total is forecast to cross the threshold, with its uncertainty. Registered by
/// <c>AddCrowdsourcing()</c>.
/// </summary>
/// <remarks>
/// <para><b>Planned</b>: the plan from the start — the campaign's policy under its current settings and model,
/// forecast from the beliefs cycle 1 decided from (everyone at the model's prior, with the reports made before cycle 1).
/// Each cycle record also keeps the plan as that cycle saw it (its expected total and spend at the workshop).</para>
/// <para><b>What happened</b>: each recorded cycle's total expected utility when it was decided (before the week's
/// reports), the total after the week's reports (what the next cycle decided from; for the latest week, now), its
/// contacts and spend, and its budget, budget used and price.</para>
/// <para><b>Forecast</b>: the plan from now (the latest week with every report since), forecast by
/// <see cref="PlanForecaster"/>: the expected total per week with its spread, and the crossing week with a most likely
/// week, an interval and the probability of reaching the threshold by the workshop week.</para>
/// </remarks>
public interface ICampaignPlanReportService
{
    /// <summary>The campaign's plan report. Records nothing.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="weeks">How many weeks to forecast from now, 1 to <see cref="PlanForecastOptions.MaxWeeks"/>; <see langword="null"/> (the default) for 4 weeks past the workshop week when it is ahead, else 20.</param>
    /// <param name="cancellationToken">Cancels the report.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException"><paramref name="campaignId"/> is empty.</exception>
    /// <exception cref="ValidationFailedException"><paramref name="weeks"/> is out of range.</exception>
    /// <exception cref="NotFoundException">The campaign does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign.</exception>
    /// <exception cref="InvalidStateException">The campaign does not fit its model, or its policy plans toward a workshop and the settings give none.</exception>
    ValueTask<CampaignPlanReport> GetPlanReportAsync(string campaignId, int? weeks = null, CancellationToken cancellationToken = default);
}

/// <summary>A campaign's plan beside what happened; see <see cref="ICampaignPlanReportService"/>.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Policy">The contact policy the campaign decides with.</param>
/// <param name="ModelVersion">The model version it decides with.</param>
/// <param name="Threshold">The threshold the plan aims at.</param>
/// <param name="WorkshopWeek">The workshop week, or <see langword="null"/>.</param>
/// <param name="Week">The latest recorded cycle's week (0 before the first).</param>
/// <param name="Budget">The budget per cycle, or <see langword="null"/>.</param>
/// <param name="BudgetKind">What the budget limits: <c>count</c> or <c>money</c>.</param>
/// <param name="Weeks">Week by week from 0: the plan, what happened and the forecast.</param>
/// <param name="Plan">The plan from the start's forecast.</param>
/// <param name="Forecast">The forecast from now.</param>
public sealed record CampaignPlanReport(
    string CampaignId,
    string Policy,
    int ModelVersion,
    double Threshold,
    int? WorkshopWeek,
    int Week,
    double? Budget,
    string BudgetKind,
    IReadOnlyList<PlanReportWeek> Weeks,
    PlanForecast Plan,
    PlanForecast Forecast)
{
    /// <summary>What the recorded cycles spent.</summary>
    public double SpendToDate => Weeks.Sum(w => w.Spend ?? 0);

    /// <summary>The contacts the recorded cycles made.</summary>
    public int ContactsToDate => Weeks.Sum(w => w.Contacts ?? 0);

    /// <summary>The budget the recorded cycles used (contacts or money), or <see langword="null"/> without a budget.</summary>
    public double? BudgetUsedToDate => Budget is null ? null : Weeks.Sum(w => w.BudgetUsed ?? 0);

    /// <summary>The latest cycle's price of the budget (utility per unit), or <see langword="null"/>.</summary>
    public double? BudgetPrice => Weeks.LastOrDefault(w => w.BudgetPrice is not null)?.BudgetPrice;

    /// <summary>The total now (the latest week with every report since).</summary>
    public double CurrentTotal => Forecast.Weeks[0].ExpectedTotal;

    /// <summary>The first recorded week whose total (after its reports) reached the threshold, or <see langword="null"/>.</summary>
    public int? CrossedWeek => Weeks.FirstOrDefault(w => w.ActualTotal is { } t && Decision.Simulation.Simulator.Reaches(t, Threshold))?.Week;
}

/// <summary>One week of a <see cref="CampaignPlanReport"/>; a figure is <see langword="null"/> where it does not apply (a week not yet run has no actuals, a past week no forecast).</summary>
/// <param name="Week">The week.</param>
/// <param name="PlannedTotal">The plan from the start: the expected total of the week.</param>
/// <param name="PlannedSpend">The plan from the start: the expected spend of the cycle ending in the week.</param>
/// <param name="RecordedTotal">The total recorded when the week's cycle was decided (before the week's reports).</param>
/// <param name="ActualTotal">The total after the week's reports: what the next cycle decided from (the latest week: now; week 0 before any cycle: now).</param>
/// <param name="Contacts">The contacts the week's cycle made.</param>
/// <param name="Spend">What they cost.</param>
/// <param name="BudgetUsed">The budget the cycle used, or <see langword="null"/>.</param>
/// <param name="BudgetPrice">The price of the cycle's budget, or <see langword="null"/>.</param>
/// <param name="PlannedTotalAtWorkshop">The expected total at the workshop week as the cycle's own plan saw it (planning policies), or <see langword="null"/>.</param>
/// <param name="PlannedSpendToWorkshop">The expected spend to the workshop as the cycle's plan saw it, or <see langword="null"/>.</param>
/// <param name="ForecastTotal">The forecast's expected total of the week (from now on).</param>
/// <param name="ForecastLower">The low end of the week's 80 % interval of the total.</param>
/// <param name="ForecastUpper">The high end of that interval.</param>
/// <param name="ForecastSpend">The forecast's expected spend of the cycle ending in the week.</param>
/// <param name="ProbabilityCrossedBy">The forecast probability that the total has crossed the threshold by the week.</param>
public sealed record PlanReportWeek(
    int Week,
    double? PlannedTotal,
    double? PlannedSpend,
    double? RecordedTotal,
    double? ActualTotal,
    int? Contacts,
    double? Spend,
    double? BudgetUsed,
    double? BudgetPrice,
    double? PlannedTotalAtWorkshop,
    double? PlannedSpendToWorkshop,
    double? ForecastTotal,
    double? ForecastLower,
    double? ForecastUpper,
    double? ForecastSpend,
    double? ProbabilityCrossedBy);

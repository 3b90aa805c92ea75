using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Forecasts;
using Crowdsourcing.Decision.Learning;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Learning;

namespace Crowdsourcing.AspNetCore.Decisions;

/// <summary>A learned matrix beside the current one: each entry current, learned and its credible interval, row by row.</summary>
internal sealed record MatrixComparison(double[][] Current, double[][] Learned, double[][] Lower, double[][] Upper)
{
    public static MatrixComparison Of(DecisionMatrix current, LearnedMatrix learned) =>
        new(current.ToRows(), learned.Estimate.ToRows(), learned.Lower.ToRows(), learned.Upper.ToRows());
}

/// <summary>A response rate beside the current one (one per state at contact time when state-dependent).</summary>
internal sealed record RateComparison(string? State, double Current, double Learned, double Lower, double Upper);

/// <summary>One intervention's learned C_k and r_k beside the current ones, and its report model O_k when analysts'
/// reviews of reports after it let the learner estimate it (the current one is the identity when reports are taken at
/// their word).</summary>
internal sealed record InterventionComparison(string Name, MatrixComparison Transition, IReadOnlyList<RateComparison> ResponseRates, MatrixComparison? ReportModel, int ReviewedReports);

/// <summary>One plan in brief: what the campaign's policy is expected to do and reach from now under one model.</summary>
/// <param name="ExpectedTotalAtWorkshop">The expected total at the workshop week (null without one ahead).</param>
/// <param name="ExpectedSpend">The expected spend to the workshop week (or over the forecast).</param>
/// <param name="NextCycleContacts">The expected contacts of the next cycle.</param>
/// <param name="ExpectedCrossingWeek">The first week whose expected total reaches the threshold.</param>
/// <param name="Crossing">The crossing week's most likely week and interval.</param>
/// <param name="ProbabilityByWorkshop">The probability of having crossed by the workshop week.</param>
/// <param name="MergedClasses">How many classes the forecast merged to stay within its class bound (noisy reports): 0 when it is exact, more when it is approximate.</param>
internal sealed record PlanSummary(double? ExpectedTotalAtWorkshop, double ExpectedSpend, double NextCycleContacts, int? ExpectedCrossingWeek, CrossingWeekForecast Crossing, double? ProbabilityByWorkshop, long MergedClasses)
{
    public static PlanSummary Of(PlanForecast forecast) =>
        new(forecast.ExpectedTotalAtWorkshop, forecast.ExpectedSpend, forecast.NextCycleContacts, forecast.ExpectedCrossingWeek, forecast.Crossing, forecast.ProbabilityByWorkshop, forecast.MergedClasses);
}

/// <summary>The plan under the current and under the learned model.</summary>
internal sealed record PlanChange(int Week, string Policy, double Threshold, int? WorkshopWeek, PlanSummary Current, PlanSummary Learned);

/// <summary>What <c>GET /campaigns/{id}/learning</c> answers: the model learned from the campaign's history beside the current one, and how the plan would change.</summary>
internal sealed record LearningView(
    string CampaignId,
    long CampaignVersion,
    int CurrentModelVersion,
    int FromCycle,
    int ToCycle,
    int Contacts,
    int Reports,
    int ReviewedReports,
    int Participants,
    int ParticipantWeeks,
    double ObservedFraction,
    double LogLikelihood,
    double LogLikelihoodPerWeek,
    bool Converged,
    double LargestChange,
    double PriorStrength,
    double IntervalLevel,
    IReadOnlyList<string> States,
    MatrixComparison Transition,
    IReadOnlyList<InterventionComparison> Interventions,
    PlanChange? Plans,
    string? PlansUnavailable)
{
    public static LearningView Of(Campaign campaign, CampaignModelEstimate estimate)
    {
        var current = estimate.Current;
        var learned = estimate.Learned;
        var interventions = learned.Interventions.Select(k =>
        {
            var now = current.Interventions[current.IndexOfIntervention(k.Name)];
            var rates = k.ResponseRate.Estimate.Select((rate, x) => new RateComparison(
                k.ResponseRate.StateDependent ? current.States[x] : null,
                now.GetResponseRate(Math.Min(x, current.StateCount - 1)),
                rate,
                k.ResponseRate.Lower[x],
                k.ResponseRate.Upper[x])).ToList();
            var reportModel = k.ReportModel is { } o ? MatrixComparison.Of(now.ReportModel ?? DecisionMatrix.Identity(current.StateCount), o) : null;
            return new InterventionComparison(k.Name, MatrixComparison.Of(now.Transition, k.Transition), rates, reportModel, k.ReviewedReports);
        }).ToList();
        var plans = estimate.Plans is { } p
            ? new PlanChange(p.Week, p.Current.Policy, p.Current.Threshold, p.Current.WorkshopWeek, PlanSummary.Of(p.Current), PlanSummary.Of(p.Learned))
            : null;
        return new LearningView(
            estimate.CampaignId,
            campaign.Version,
            estimate.CurrentVersion,
            estimate.FromCycle,
            estimate.ToCycle,
            estimate.Contacts,
            estimate.Reports,
            estimate.ReviewedReports,
            learned.Participants,
            learned.ParticipantWeeks,
            learned.ObservedFraction,
            learned.LogLikelihood,
            estimate.LogLikelihoodPerWeek,
            learned.Converged,
            estimate.LargestChange,
            estimate.PriorStrength,
            learned.IntervalLevel,
            current.States,
            MatrixComparison.Of(current.Transition, learned.Transition),
            interventions,
            plans,
            estimate.PlansUnavailable);
    }
}

/// <summary>The body of <c>POST /campaigns/{id}/learning/adopt</c>: the campaign version the organiser saw.</summary>
internal sealed record AdoptBody(long CampaignVersion);

/// <summary>What adopting answered: the campaign's new version and the adopted model version.</summary>
internal sealed record AdoptedModel(string CampaignId, long CampaignVersion, int ModelVersion, string AdoptedBy, DateTimeOffset AdoptedAt, int FromCycle, int ToCycle)
{
    public static AdoptedModel Of(Campaign campaign)
    {
        var version = campaign.Decision.AdoptedModel!;
        return new(campaign.Id, campaign.Version, version.Version, version.AdoptedBy, version.AdoptedAt, version.FromCycle, version.ToCycle);
    }
}

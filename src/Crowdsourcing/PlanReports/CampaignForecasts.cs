using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Forecasts;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Policies;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.PlanReports;

/// <summary>
/// Forecasts a campaign's plan from beliefs: the campaign's policy (its settings' or the runtime's), created as the
/// next cycle would create it, run forward in the engine's expected mode (<see cref="PlanForecaster"/>) toward the
/// campaign's threshold and workshop week.
/// </summary>
internal sealed class CampaignForecasts(ContactPolicyRegistry policies, IOptions<DecisionCycleOptions> cycleOptions)
{
    /// <summary>The policy name the campaign decides with.</summary>
    public string PolicyName(Campaign campaign) => campaign.Decision.Policy ?? cycleOptions.Value.ContactPolicy;

    /// <summary>The threshold the campaign's plan aims at: the settings' or the campaign's workshop threshold.</summary>
    public static double Threshold(Campaign campaign) => campaign.Decision.Threshold ?? campaign.WorkshopThreshold;

    /// <summary>The campaign's workshop week, or <see langword="null"/>.</summary>
    public static int? WorkshopWeek(Campaign campaign) => campaign.Decision.ResolveWorkshopWeek(campaign.StartsAt, campaign.CycleLength);

    /// <summary>How many weeks to look ahead from <paramref name="week"/>: <paramref name="requested"/>, else to 4 weeks past the workshop week when it is ahead, else <paramref name="fallback"/>.</summary>
    public static int Horizon(Campaign campaign, int week, int? requested, int fallback)
    {
        if (requested is { } weeks)
        {
            return weeks;
        }

        return WorkshopWeek(campaign) is { } workshop && workshop > week
            ? Math.Min(PlanForecastOptions.MaxWeeks, workshop - week + 4)
            : fallback;
    }

    /// <summary>Forecasts the campaign's plan under <paramref name="model"/> from <paramref name="beliefs"/> of week <paramref name="week"/>.</summary>
    /// <exception cref="InvalidStateException">The campaign's policy cannot be created (a planning policy without a workshop week).</exception>
    public PlanForecast Forecast(Campaign campaign, RegisteredDecisionModel model, BeliefPopulation beliefs, int week, int weeks, CancellationToken cancellationToken)
    {
        var policy = policies.Get(PolicyName(campaign)).Create(new ContactPolicyRequest(campaign, model, week + 1));
        return PlanForecaster.Forecast(
            model.Model,
            beliefs,
            policy,
            new PlanForecastOptions
            {
                StartWeek = week,
                Weeks = weeks,
                Threshold = Threshold(campaign),
                WorkshopWeek = WorkshopWeek(campaign),
                NonResponderUpdate = cycleOptions.Value.NonResponderUpdate,
            },
            cancellationToken);
    }
}

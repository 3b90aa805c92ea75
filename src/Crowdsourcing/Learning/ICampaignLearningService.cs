using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Learning;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Learning;

/// <summary>
/// Learns a campaign's decision model from its own history — whom each cycle contacted and with what, and the states
/// the participants reported, week by week — and adopts a learned model as a new version of the campaign's model.
/// The learning is the engine's (<see cref="ParameterLearner"/>: EM over the hidden weekly states, with credible
/// intervals) with the campaign's current model as the prior: the estimate is the posterior mean under priors centred on
/// it with <see cref="CampaignLearningOptions.PriorStrength"/> pseudo-observations, so a short history stays near the
/// current model and a long one follows the data.
/// </summary>
public interface ICampaignLearningService
{
    /// <summary>
    /// Learns T, each C_k and r_k (and, where analysts reviewed reports, each report model O_k) from the campaign's
    /// recorded cycles, reports and report reviews, with the campaign's current model as
    /// the prior (and the starting point), and shows how the plan would change: the campaign's policy forecast from the
    /// current beliefs under the current and under the learned model (<see cref="CampaignModelEstimate.Plans"/>).
    /// Records nothing.
    /// </summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="cancellationToken">Cancels the learning.</param>
    /// <returns>The estimate beside the current model, with its fit.</returns>
    /// <exception cref="ArgumentException"><paramref name="campaignId"/> is empty.</exception>
    /// <exception cref="NotFoundException">The campaign does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign.</exception>
    /// <exception cref="InvalidStateException">No cycle is recorded yet (there is nothing to learn from), or a report does not fit the model.</exception>
    ValueTask<CampaignModelEstimate> LearnAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Learns the model again (as <see cref="LearnAsync"/>) and adopts it: a new model version of the campaign
    /// (<see cref="CampaignDecisionSettings.ModelVersions"/>) with the learned T, C_k, r_k and any learned O_k, stamped
    /// with who adopted it, when, and from which cycles,
    /// and made the version the next cycles use (each cycle record names it). A new version of the campaign.
    /// </summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="expectedVersion">The campaign version the caller saw; another version is a concurrent edit.</param>
    /// <param name="cancellationToken">Cancels the adoption; nothing is stored then.</param>
    /// <returns>The stored campaign.</returns>
    /// <exception cref="NotFoundException">The campaign does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign.</exception>
    /// <exception cref="Storage.ConcurrencyConflictException">The campaign's version is not <paramref name="expectedVersion"/>.</exception>
    /// <exception cref="InvalidStateException">See <see cref="LearnAsync"/>.</exception>
    ValueTask<Campaign> AdoptAsync(string campaignId, long expectedVersion, CancellationToken cancellationToken = default);
}

/// <summary>A model learned from a campaign's history, beside the one it uses now.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="CurrentVersion">The model version the campaign uses now (1: the registered model).</param>
/// <param name="Current">The model the campaign uses now.</param>
/// <param name="Learned">The learned parameters with their credible intervals and fit (<see cref="LearnedParameters.Model"/> is the learned model).</param>
/// <param name="FromCycle">The first recorded cycle learned from.</param>
/// <param name="ToCycle">The last recorded cycle learned from.</param>
/// <param name="Contacts">The contacts in the history.</param>
/// <param name="Reports">The reported states in the history (the latest per participant and week).</param>
public sealed record CampaignModelEstimate(string CampaignId, int CurrentVersion, DecisionModel Current, LearnedParameters Learned, int FromCycle, int ToCycle, int Contacts, int Reports)
{
    /// <summary>
    /// How many of the <see cref="Reports"/> an analyst reviewed (<see cref="Quality.IReportReviewService"/>). When
    /// reports after an intervention were reviewed, the estimate includes that intervention's report model O_k(x, o)
    /// (<see cref="LearnedIntervention.ReportModel"/>, with <see cref="LearnedIntervention.ReviewedReports"/>); without
    /// reviews the current model's report models are kept unchanged.
    /// </summary>
    public int ReviewedReports { get; init; }

    /// <summary>The prior's strength the estimate was made with, in pseudo-observations (<see cref="CampaignLearningOptions.PriorStrength"/>).</summary>
    public double PriorStrength { get; init; }

    /// <summary>
    /// How the plan would change: the campaign's policy from the current beliefs under the current model and under the
    /// learned one; <see langword="null"/> when no plan can be made (see <see cref="PlansUnavailable"/>).
    /// </summary>
    public PlanComparison? Plans { get; init; }

    /// <summary>Why <see cref="Plans"/> is <see langword="null"/> (for example a planning policy without a workshop week), or <see langword="null"/>.</summary>
    public string? PlansUnavailable { get; init; }

    /// <summary>The largest difference between an entry of the current and the learned T or C_k (how far the campaign's history moves the model).</summary>
    public double LargestChange
    {
        get
        {
            var largest = MaxDifference(Current.Transition, Learned.Model.Transition);
            foreach (var k in Current.Interventions)
            {
                var j = Learned.Model.IndexOfIntervention(k.Name);
                if (j >= 0)
                {
                    largest = Math.Max(largest, MaxDifference(k.Transition, Learned.Model.Interventions[j].Transition));
                }
            }

            return largest;
        }
    }

    /// <summary>The mean log-likelihood per modelled participant-week (the fit; closer to 0 is better).</summary>
    public double LogLikelihoodPerWeek => Learned.ParticipantWeeks == 0 ? 0 : Learned.LogLikelihood / Learned.ParticipantWeeks;

    private static double MaxDifference(DecisionMatrix a, DecisionMatrix b)
    {
        var largest = 0.0;
        for (var x = 0; x < a.RowCount; x++)
        {
            for (var y = 0; y < a.ColumnCount; y++)
            {
                largest = Math.Max(largest, Math.Abs(a[x, y] - b[x, y]));
            }
        }

        return largest;
    }
}

/// <summary>The campaign's plan from its current beliefs under the current model and under a learned one (see <see cref="CampaignModelEstimate.Plans"/>).</summary>
/// <param name="Week">The week the plans start from (the latest recorded cycle's).</param>
/// <param name="Current">The plan under the model the campaign uses now.</param>
/// <param name="Learned">The plan under the learned model.</param>
public sealed record PlanComparison(int Week, Decision.Forecasts.PlanForecast Current, Decision.Forecasts.PlanForecast Learned);

using System.Globalization;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Options;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DecisionCycles;

/// <summary>The crowd of a campaign as the engine sees it in one week: ids, beliefs, and how they were obtained.</summary>
/// <param name="Ids">The participants, ordered by id; index i is population entry i.</param>
/// <param name="Population">Their beliefs.</param>
/// <param name="ReportsApplied">How many reported states were applied.</param>
/// <param name="PriorsUsed">How many participants had no stored belief and start from the model's prior.</param>
internal sealed record CrowdState(IReadOnlyList<string> Ids, BeliefPopulation Population, int ReportsApplied, int PriorsUsed);

/// <summary>
/// Loads a campaign's crowd and its beliefs of a week: stored beliefs carried forward to that week by the passive
/// dynamics, the model's prior (carried forward) for participants without one, and the reports of a time window
/// applied as known states.
/// </summary>
internal sealed partial class CrowdStateLoader(ICrowdsourcingStore store, CrowdResolver crowdResolver, ReportReader reports, IOptions<CrowdsourcingOptions> options, ILogger<CrowdStateLoader> logger)
{
    /// <summary>
    /// Loads the crowd and their beliefs of <paramref name="week"/>, with the reports made in
    /// (<paramref name="reportsAfter"/>, <paramref name="reportsUntil"/>] applied as states of that week.
    /// </summary>
    /// <exception cref="InvalidStateException">The campaign does not fit its model, its task is missing, or a stored belief or report does not fit the model.</exception>
    public async ValueTask<CrowdState> LoadAsync(Campaign campaign, RegisteredDecisionModel model, int week, DateTimeOffset? reportsAfter, DateTimeOffset reportsUntil, CancellationToken cancellationToken)
    {
        CheckReadiness(campaign, model);
        var (_, crowd) = await crowdResolver.ResolveAsync(campaign, cancellationToken).ConfigureAwait(false);
        var ids = crowd.Select(p => p.Id).ToArray();
        var index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            index[ids[i]] = i;
        }

        var s = model.Model.StateCount;
        using var engine = new PopulationEngine(model.Model);
        var population = engine.CreatePopulation(ids.Length);
        var known = new bool[ids.Length];
        var beliefs = StoreExtensions.AllPagesAsync(page => store.Beliefs.ListAsync(campaign.Id, page, cancellationToken), b => b.ParticipantId, options.Value.PageSize, cancellationToken);
        await foreach (var belief in beliefs.ConfigureAwait(false))
        {
            if (!index.TryGetValue(belief.ParticipantId, out var i))
            {
                continue;
            }

            if (belief.Probabilities.Count != s)
            {
                throw new InvalidStateException(
                    string.Create(CultureInfo.InvariantCulture, $"Campaign '{campaign.Id}': the stored belief of participant '{belief.ParticipantId}' (week {belief.Week}) has {belief.Probabilities.Count} probabilities, but model '{model.Name}' has {s} states ({string.Join(", ", model.Model.States)})."),
                    nameof(Campaign),
                    campaign.Id);
            }

            population.SetBelief(i, [.. belief.Probabilities]);
            known[i] = true;
            if (belief.Week > week)
            {
                LogBeliefAhead(logger, campaign.Id, belief.ParticipantId, belief.Week, week);
            }

            for (var w = belief.Week; w < week; w++)
            {
                engine.ApplyObservation(population, i, null, null);
            }
        }

        var prior = model.InitialBelief;
        var evaluator = new DecisionEvaluator(model.Model);
        for (var w = 0; w < week; w++)
        {
            prior = evaluator.Predict(prior);
        }

        var priorsUsed = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            if (!known[i])
            {
                population.SetBelief(i, prior);
                priorsUsed++;
            }
        }

        var reported = await reports.ReadAsync(campaign, model, index, reportsAfter, reportsUntil, cancellationToken).ConfigureAwait(false);
        foreach (var (participant, stateIndex) in reported)
        {
            population.SetCertain(participant, stateIndex);
        }

        return new CrowdState(ids, population, reported.Count, priorsUsed);
    }

    private static void CheckReadiness(Campaign campaign, RegisteredDecisionModel model)
    {
        var missing = campaign.Readiness.Levels.Where(l => model.Model.IndexOfState(l.Name) < 0).Select(l => l.Name).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidStateException(
                $"Campaign '{campaign.Id}': readiness level(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} are not states of decision model '{model.Name}' (states: {string.Join(", ", model.Model.States)}); a readiness level's name must be a state of the model.",
                nameof(Campaign),
                campaign.Id);
        }
    }

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Campaign '{CampaignId}': the stored belief of '{ParticipantId}' is of week {StoredWeek}, later than week {Week} the cycle starts from; it is used as it is")]
    private static partial void LogBeliefAhead(ILogger logger, string campaignId, string participantId, int storedWeek, int week);
}

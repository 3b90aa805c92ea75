using System.Globalization;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Logging;

namespace Crowdsourcing.DecisionCycles;

/// <summary>The crowd of a campaign as the engine sees it in one week: ids, beliefs, and how they were obtained.</summary>
/// <param name="Ids">The participants, in code-point order (<see cref="CodePointComparer"/>); index i is population entry i.</param>
/// <param name="Population">Their beliefs.</param>
/// <param name="ReportsApplied">How many reported states were applied.</param>
/// <param name="PriorsUsed">How many participants had no stored belief and start from the model's prior.</param>
internal sealed record CrowdState(string[] Ids, BeliefPopulation Population, int ReportsApplied, int PriorsUsed);

/// <summary>
/// Loads a campaign's crowd and its beliefs of a week: stored beliefs carried forward to that week by the passive
/// dynamics, the model's prior (carried forward) for participants without one, and the reports of a time window
/// applied as known states. The crowd's ids and the stored beliefs are read in code-point order and merged straight
/// into the engine's structure of arrays: no record per participant.
/// </summary>
internal sealed partial class CrowdStateLoader(ICrowdsourcingStore store, CrowdResolver crowdResolver, ReportReader reports, ILogger<CrowdStateLoader> logger)
{
    /// <summary>
    /// Loads the crowd and their beliefs of <paramref name="week"/>, with the reports made in
    /// (<paramref name="reportsAfter"/>, <paramref name="reportsUntil"/>] applied as states of that week.
    /// </summary>
    /// <exception cref="InvalidStateException">The campaign does not fit its model, its task is missing, or a stored belief or report does not fit the model.</exception>
    public async ValueTask<CrowdState> LoadAsync(Campaign campaign, RegisteredDecisionModel model, int week, DateTimeOffset? reportsAfter, DateTimeOffset reportsUntil, CancellationToken cancellationToken)
    {
        CheckReadiness(campaign, model);
        var (_, ids) = await crowdResolver.ResolveIdsAsync(campaign, cancellationToken).ConfigureAwait(false);
        var n = ids.Length;
        var s = model.Model.StateCount;
        using var engine = new PopulationEngine(model.Model);
        var population = engine.CreatePopulation(n);
        var known = new bool[n];
        var cursor = 0;
        await foreach (var block in store.Beliefs.ReadBlocksAsync(campaign.Id, cancellationToken).ConfigureAwait(false))
        {
            for (var k = 0; k < block.Count; k++)
            {
                var id = block.ParticipantIds[k];
                while (cursor < n && CodePointComparer.Instance.Compare(ids[cursor], id) < 0)
                {
                    cursor++;
                }

                if (cursor == n || !string.Equals(ids[cursor], id, StringComparison.Ordinal))
                {
                    continue;
                }

                var probabilities = block.GetProbabilities(k);
                var stored = block.Weeks[k];
                if (probabilities.Length != s)
                {
                    throw new InvalidStateException(
                        string.Create(CultureInfo.InvariantCulture, $"Campaign '{campaign.Id}': the stored belief of participant '{id}' (week {stored}) has {probabilities.Length} probabilities, but model '{model.Name}' has {s} states ({string.Join(", ", model.Model.States)})."),
                        nameof(Campaign),
                        campaign.Id);
                }

                population.SetBelief(cursor, probabilities);
                known[cursor] = true;
                if (stored > week)
                {
                    LogBeliefAhead(logger, campaign.Id, id, stored, week);
                }

                for (var w = stored; w < week; w++)
                {
                    engine.ApplyObservation(population, cursor, null, null);
                }
            }
        }

        var prior = model.InitialBelief;
        var evaluator = new DecisionEvaluator(model.Model);
        for (var w = 0; w < week; w++)
        {
            prior = evaluator.Predict(prior);
        }

        // Everyone without a stored belief starts from the prior, written column by column.
        var priorsUsed = 0;
        for (var x = 0; x < s; x++)
        {
            var column = population.GetStateProbabilities(x);
            var p = prior[x];
            for (var i = 0; i < n; i++)
            {
                if (!known[i])
                {
                    column[i] = p;
                }
            }
        }

        foreach (var isKnown in known)
        {
            priorsUsed += isKnown ? 0 : 1;
        }

        var reported = await reports.ReadAsync(campaign, model, ids, reportsAfter, reportsUntil, cancellationToken).ConfigureAwait(false);
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

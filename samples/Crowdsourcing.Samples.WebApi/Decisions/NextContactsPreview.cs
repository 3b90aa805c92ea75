using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Samples.WebApi.Decisions;

/// <summary>Whom the next decision cycle would contact, and why, as of now.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="NextCycle">The cycle this previews (the latest recorded cycle + 1).</param>
/// <param name="Week">The week the beliefs describe (the latest recorded cycle; 0 before the first).</param>
/// <param name="Policy">The contact policy applied.</param>
/// <param name="Participants">The size of the crowd evaluated.</param>
/// <param name="ReportsApplied">How many participants' submissions since the latest cycle were applied as reports.</param>
/// <param name="Contacts">Whom to contact, highest value first, with the reason.</param>
internal sealed record NextContacts(string CampaignId, int NextCycle, int Week, string Policy, int Participants, int ReportsApplied, IReadOnlyList<NextContact> Contacts)
{
    /// <summary>What contacting them all would cost.</summary>
    public double Spend => Contacts.Sum(c => c.Cost);
}

/// <summary>One participant to contact, and why.</summary>
/// <param name="ParticipantId">The participant.</param>
/// <param name="Intervention">The intervention (for example <c>email-campaign</c>).</param>
/// <param name="Value">V_k (or the response-aware value), compared with the cost.</param>
/// <param name="Cost">c_k.</param>
/// <param name="BestActionWithoutContact">The best action on the participant left alone (b·T).</param>
/// <param name="ExpectedUtilityWithoutContact">MEU(b·T).</param>
/// <param name="Belief">The belief the decision is made on, in the model's state order.</param>
/// <param name="Reason">The reason in words.</param>
internal sealed record NextContact(string ParticipantId, string Intervention, double Value, double Cost, string BestActionWithoutContact, double ExpectedUtilityWithoutContact, IReadOnlyList<double> Belief, string Reason);

/// <summary>
/// Previews the next decision cycle without recording anything: the beliefs of the latest recorded week (stored by
/// that cycle; the model's prior moved by T for a participant without one), the submissions made since that cycle
/// applied as certain reports, and the configured contact policy, exactly as
/// <see cref="IDecisionCycleService.RunCycleAsync"/> will decide if nothing else is submitted before it runs.
/// </summary>
internal sealed class NextContactsPreview(
    ICrowdsourcingStore store,
    ICampaignService campaigns,
    IDecisionModelRegistry registry,
    IOptions<DecisionModelsOptions> engineOptions,
    TimeProvider time)
{
    private const int PageSize = 500;

    public async Task<NextContacts> PreviewAsync(string campaignId, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        var model = registry.GetModel(campaign.DecisionModel);
        var policy = ContactPolicies.Get(engineOptions.Value.ContactPolicy);
        var latest = await store.Cycles.FindLatestAsync(campaignId, cancellationToken);
        var week = latest?.Cycle ?? 0;
        var now = time.GetUtcNow();

        var ids = new List<string>();
        await foreach (var participant in campaigns.ListCrowdAsync(campaignId, cancellationToken))
        {
            ids.Add(participant.Id);
        }

        var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        using var engine = new PopulationEngine(model.Model, new PopulationEngineOptions { NonResponderUpdate = engineOptions.Value.NonResponderUpdate });
        var population = engine.CreatePopulation(ids.Count);
        var known = new bool[ids.Count];
        await foreach (var belief in Paging.AllAsync((page, ct) => store.Beliefs.ListAsync(campaignId, page, ct), b => b.ParticipantId, PageSize, cancellationToken))
        {
            if (!index.TryGetValue(belief.ParticipantId, out var i) || belief.Probabilities.Count != model.Model.StateCount)
            {
                continue;
            }

            population.SetBelief(i, [.. belief.Probabilities]);
            known[i] = true;
            for (var w = belief.Week; w < week; w++)
            {
                engine.ApplyObservation(population, i, null, null);
            }
        }

        var prior = model.InitialBelief;
        for (var w = 0; w < week; w++)
        {
            prior = prior.Transform(model.Model.Transition);
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (!known[i])
            {
                population.SetBelief(i, prior);
            }
        }

        var reports = await LatestReportsAsync(campaignId, model.Model, index, latest?.DecidedAt, now, cancellationToken);
        foreach (var (participant, state) in reports)
        {
            population.SetCertain(participant, state);
        }

        var evaluation = engine.CreateEvaluation(ids.Count);
        engine.Evaluate(population, evaluation, policy.RequiresResponseAwareValues);
        engine.SelectContacts(population, evaluation, policy, week + 1, cyclesRemaining: null);
        var evaluator = new DecisionEvaluator(model.Model);
        var contacts = new List<NextContact>();
        for (var i = 0; i < ids.Count; i++)
        {
            var k = evaluation.Selection[i];
            if (k == CycleObservations.None)
            {
                continue;
            }

            var belief = population.GetBelief(i);
            var value = policy.RequiresResponseAwareValues ? evaluation.GetResponseAwareValues(k)[i] : evaluation.GetValues(k)[i];
            var without = evaluator.MaximumExpectedUtilityWithoutIntervention(belief);
            var intervention = model.Model.Interventions[k];
            var reason = new ContactDecision(ids[i], intervention.Name, value, intervention.Cost, without.Action, without.ExpectedUtility).Describe();
            contacts.Add(new NextContact(ids[i], intervention.Name, value, intervention.Cost, without.Action, without.ExpectedUtility, belief.AsSpan().ToArray(), reason));
        }

        contacts.Sort(static (x, y) => y.Value != x.Value ? y.Value.CompareTo(x.Value) : string.CompareOrdinal(x.ParticipantId, y.ParticipantId));
        return new NextContacts(campaignId, week + 1, week, policy.Name, ids.Count, reports.Count, contacts);
    }

    /// <summary>Per crowd member (population index), the readiness level of their latest assessment in (after, until], as a state index.</summary>
    private async Task<Dictionary<int, int>> LatestReportsAsync(string campaignId, DecisionModel model, Dictionary<string, int> index, DateTimeOffset? after, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<int, (DateTimeOffset At, string AssignmentId, int State)>();
        await foreach (var assignment in Paging.AllAsync((page, ct) => store.Assignments.ListByCampaignAsync(campaignId, page, ct), a => a.Id, PageSize, cancellationToken))
        {
            await foreach (var assessment in store.Assignments.ListAssessmentsAsync(assignment.Id, cancellationToken))
            {
                var state = model.IndexOfState(assessment.ReadinessLevel);
                if (state < 0 || assessment.AssessedAt > until || (after is { } a && assessment.AssessedAt <= a))
                {
                    continue;
                }

                foreach (var assignee in assignment.AssigneeIds)
                {
                    if (index.TryGetValue(assignee, out var i)
                        && (!latest.TryGetValue(i, out var seen) || assessment.AssessedAt > seen.At || (assessment.AssessedAt == seen.At && string.CompareOrdinal(assignment.Id, seen.AssignmentId) >= 0)))
                    {
                        latest[i] = (assessment.AssessedAt, assignment.Id, state);
                    }
                }
            }
        }

        return latest.ToDictionary(p => p.Key, p => p.Value.State);
    }
}

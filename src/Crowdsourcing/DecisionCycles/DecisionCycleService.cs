using Crowdsourcing.Access;
using System.Globalization;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Notifications;
using Crowdsourcing.Options;
using Crowdsourcing.Policies;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DecisionCycles;

/// <summary>The decision cycle over the provider's store; see <see cref="IDecisionCycleService"/>. It orchestrates:
/// <see cref="CrowdStateLoader"/> loads the week's beliefs, the registered policy decides, the
/// <see cref="NotificationComposer"/> writes the contacts, and one change set records it all.</summary>
internal sealed class DecisionCycleService(
    ICrowdsourcingStore store,
    IDecisionModelRegistry registry,
    ContactPolicyRegistry policies,
    CrowdStateLoader loader,
    NotificationComposer composer,
    AccessPolicy access,
    IOptions<DecisionCycleOptions> cycleOptions,
    IOptions<CrowdsourcingOptions> options,
    TimeProvider time,
    CrowdsourcingDiagnostics diagnostics,
    ILogger<DecisionCycleService> logger) : IDecisionCycleService
{
    public async ValueTask<DecisionCycleOutcome> RunCycleAsync(string campaignId, int cycle, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        ArgumentOutOfRangeException.ThrowIfLessThan(cycle, 1);
        using var activity = diagnostics.StartOperation("DecisionCycle.Run", campaignId);
        activity?.SetTag("crowdsourcing.cycle", cycle);
        try
        {
            var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
            access.RequireOrganiserOf(campaign, $"run decision cycles of campaign '{campaign.Id}'");
            var existing = await store.Cycles.FindAsync(campaignId, cycle, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                DecisionCycleLog.CycleAlreadyRecorded(logger, campaignId, cycle, existing.DecidedAt);
                activity?.SetTag("crowdsourcing.already_recorded", true);
                return FromRecord(existing);
            }

            DecisionCycleRecord? previous = null;
            if (cycle > 1)
            {
                previous = await store.Cycles.FindAsync(campaignId, cycle - 1, cancellationToken).ConfigureAwait(false);
                if (previous is null)
                {
                    var latest = await store.Cycles.FindLatestAsync(campaignId, cancellationToken).ConfigureAwait(false);
                    DecisionCycleLog.CycleOutOfOrder(logger, campaignId, cycle, cycle - 1);
                    throw new InvalidStateException(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"Cycle {cycle} of campaign '{campaignId}' cannot run: cycle {cycle - 1} is not recorded ({(latest is null ? "no cycle is recorded yet, so the next is cycle 1" : $"the latest recorded cycle is {latest.Cycle}, so the next is cycle {latest.Cycle + 1}")}). Cycles run in order, from 1."),
                        nameof(Campaign),
                        campaignId);
                }
            }

            var settings = cycleOptions.Value;
            var now = time.GetUtcNow();
            var (model, policy, state, contacts, selection) = await DecideAsync(campaign, cycle, previous?.DecidedAt, now, cancellationToken).ConfigureAwait(false);
            var n = state.Ids.Count;
            using var engine = new PopulationEngine(model.Model, new PopulationEngineOptions { NonResponderUpdate = settings.NonResponderUpdate });

            // Week t - 1 -> week t: contacted b·C_k (or b·T), everyone else b·T; their reports arrive during week t.
            var observations = new CycleObservations(n);
            observations.SetContacts(selection);
            engine.ApplyObservations(state.Population, observations);
            var total = engine.TotalExpectedUtility(state.Population);

            var record = new DecisionCycleRecord(
                campaignId,
                cycle,
                now,
                [.. contacts.Select(c => new ContactRecord(c.ParticipantId, c.Intervention, c.Value, c.Cost))],
                total);
            var changes = new ChangeSet().RecordCycle(record);
            var beliefs = new ParticipantBelief[n];
            var buffer = new double[model.Model.StateCount];
            for (var i = 0; i < n; i++)
            {
                state.Population.GetBelief(i, buffer);
                beliefs[i] = new ParticipantBelief(campaignId, state.Ids[i], cycle, buffer);
            }

            changes.SaveBeliefs(beliefs);
            foreach (var contact in contacts)
            {
                changes.Enqueue(composer.Contact(campaign, cycle, contact.ParticipantId, contact.Intervention, now, settings.ContactChannel));
            }

            var committed = await store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
            if (!committed.Applied)
            {
                var stored = committed.ExistingCycle ?? record;
                DecisionCycleLog.CycleRecordedElsewhere(logger, campaignId, cycle, stored.DecidedAt);
                activity?.SetTag("crowdsourcing.already_recorded", true);
                return FromRecord(stored);
            }

            diagnostics.CountChange("decision-cycle", "recorded");
            diagnostics.CountChange("belief", "updated", n);
            diagnostics.CountChange("notification", "enqueued", contacts.Count);
            foreach (var contact in contacts)
            {
                DecisionCycleLog.ParticipantContacted(logger, campaignId, cycle, contact.ParticipantId, contact.Intervention, contact.Value, contact.Cost, contact.BestActionWithoutContact, contact.ExpectedUtilityWithoutContact);
            }

            var spend = contacts.Sum(c => c.Cost);
            DecisionCycleLog.CycleRecorded(logger, campaignId, cycle, model.Name, policy.Name, contacts.Count, n, spend, state.ReportsApplied, state.PriorsUsed, total);
            activity?.SetTag("crowdsourcing.contacts", contacts.Count);
            activity?.SetTag("crowdsourcing.total_expected_utility", total);
            return new DecisionCycleOutcome(campaignId, cycle, false, record, contacts, model.Name, policy.Name, n, state.ReportsApplied, state.PriorsUsed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async ValueTask<DecisionCyclePreview> PreviewNextCycleAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        using var activity = diagnostics.StartOperation("DecisionCycle.Preview", campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"preview the next decision cycle of campaign '{campaign.Id}'");
        var latest = await store.Cycles.FindLatestAsync(campaignId, cancellationToken).ConfigureAwait(false);
        var cycle = (latest?.Cycle ?? 0) + 1;
        var (model, policy, state, contacts, _) = await DecideAsync(campaign, cycle, latest?.DecidedAt, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new DecisionCyclePreview(campaignId, cycle, contacts, model.Name, policy.Name, state.Ids.Count, state.ReportsApplied, state.PriorsUsed);
    }

    /// <summary>
    /// Decides cycle <paramref name="cycle"/>: loads the beliefs of week <paramref name="cycle"/> − 1 with the reports
    /// made since <paramref name="reportsAfter"/>, and lets the configured policy choose whom to contact, with what and why.
    /// </summary>
    private async ValueTask<(RegisteredDecisionModel Model, Decision.Policies.ContactPolicy Policy, CrowdState State, List<ContactDecision> Contacts, int[] Selection)> DecideAsync(Campaign campaign, int cycle, DateTimeOffset? reportsAfter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var model = registry.GetModel(campaign.DecisionModel);
        var settings = cycleOptions.Value;
        var policy = policies.Get(settings.ContactPolicy).Create(new ContactPolicyRequest(campaign, model, cycle));
        var state = await loader.LoadAsync(campaign, model, cycle - 1, reportsAfter, now, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var n = state.Ids.Count;
        using var engine = new PopulationEngine(model.Model, new PopulationEngineOptions { NonResponderUpdate = settings.NonResponderUpdate });
        var evaluation = engine.CreateEvaluation(n);
        engine.Evaluate(state.Population, evaluation, policy.RequiresResponseAwareValues);
        engine.SelectContacts(state.Population, evaluation, policy, cycle, cyclesRemaining: null);

        var evaluator = new DecisionEvaluator(model.Model);
        var contacts = new List<ContactDecision>(evaluation.ContactCount);
        var selection = evaluation.Selection.ToArray();
        for (var i = 0; i < n; i++)
        {
            var k = selection[i];
            if (k == CycleObservations.None)
            {
                continue;
            }

            var value = policy.RequiresResponseAwareValues ? evaluation.GetResponseAwareValues(k)[i] : evaluation.GetValues(k)[i];
            var belief = state.Population.GetBelief(i);
            var without = evaluator.MaximumExpectedUtilityWithoutIntervention(belief);
            var intervention = model.Model.Interventions[k];
            contacts.Add(new ContactDecision(state.Ids[i], intervention.Name, value, intervention.Cost, without.Action, without.ExpectedUtility) { Belief = belief.AsSpan().ToArray() });
        }

        contacts.Sort(static (x, y) => y.Value != x.Value ? y.Value.CompareTo(x.Value) : string.CompareOrdinal(x.ParticipantId, y.ParticipantId));
        return (model, policy, state, contacts, selection);
    }

    public async ValueTask<WorkshopRecommendation> GetWorkshopRecommendationAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        using var activity = diagnostics.StartOperation("DecisionCycle.Workshop", campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"see the workshop recommendation of campaign '{campaign.Id}'");
        var model = registry.GetModel(campaign.DecisionModel);
        var latest = await store.Cycles.FindLatestAsync(campaignId, cancellationToken).ConfigureAwait(false);
        var week = latest?.Cycle ?? 0;
        var state = await loader.LoadAsync(campaign, model, week, latest?.DecidedAt, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);

        using var engine = new PopulationEngine(model.Model);
        var decision = engine.DecideWorkshop(state.Population, campaign.WorkshopThreshold, model.InviteActionIndex);
        var invitees = new List<WorkshopInvitee>(decision.Invitations.Count);
        foreach (var invitation in decision.Invitations)
        {
            // The engine breaks ties by index, which is participant id order here.
            invitees.Add(new WorkshopInvitee(invitees.Count + 1, state.Ids[invitation.Participant], invitation.ExpectedUtility, state.Population.GetBelief(invitation.Participant).AsSpan().ToArray()));
        }

        DecisionCycleLog.WorkshopRecommended(logger, campaignId, week, decision.Hold, decision.TotalExpectedUtility, decision.Threshold, invitees.Count);
        activity?.SetTag("crowdsourcing.hold", decision.Hold);
        activity?.SetTag("crowdsourcing.total_expected_utility", decision.TotalExpectedUtility);
        return new WorkshopRecommendation(campaignId, week, decision.Hold, decision.TotalExpectedUtility, decision.Threshold, invitees, state.Ids.Count);
    }

    public async ValueTask<DueCyclesRun> RunDueCyclesAsync(int maxCyclesPerCampaign = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCyclesPerCampaign, 1);
        access.RequireAdministrator("run the due decision cycles of every campaign");
        using var activity = diagnostics.StartOperation("DecisionCycle.RunDue");
        var now = time.GetUtcNow();
        var outcomes = new List<DecisionCycleOutcome>();
        var failures = new List<DueCycleFailure>();
        var campaigns = StoreExtensions.AllPagesAsync(page => store.Campaigns.ListAsync(page, cancellationToken), c => c.Id, options.Value.PageSize, cancellationToken);
        await foreach (var campaign in campaigns.ConfigureAwait(false))
        {
            var next = 0;
            try
            {
                var latest = await store.Cycles.FindLatestAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
                next = (latest?.Cycle ?? 0) + 1;
                for (var run = 0; run < maxCyclesPerCampaign && IsDue(campaign, next, now); run++)
                {
                    outcomes.Add(await RunCycleAsync(campaign.Id, next, cancellationToken).ConfigureAwait(false));
                    next++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                DecisionCycleLog.DueCycleFailed(logger, ex, campaign.Id, next);
                failures.Add(new DueCycleFailure(campaign.Id, next, ex.Message));
            }
        }

        activity?.SetTag("crowdsourcing.cycles", outcomes.Count);
        activity?.SetTag("crowdsourcing.failures", failures.Count);
        return new DueCyclesRun(outcomes, failures);
    }

    /// <summary>Whether cycle <paramref name="cycle"/> of <paramref name="campaign"/> is due at <paramref name="now"/>: StartsAt + t × CycleLength ≤ now.</summary>
    internal static bool IsDue(Campaign campaign, int cycle, DateTimeOffset now)
    {
        var ticks = (decimal)campaign.CycleLength.Ticks * cycle;
        var remaining = (decimal)(now - campaign.StartsAt).Ticks;
        return ticks <= remaining;
    }

    private static DecisionCycleOutcome FromRecord(DecisionCycleRecord record) =>
        new(
            record.CampaignId,
            record.Cycle,
            true,
            record,
            [.. record.Contacts.Select(c => new ContactDecision(c.ParticipantId, c.Intervention, c.Value, c.Cost, null, null))],
            null,
            null,
            null,
            null,
            null);
}

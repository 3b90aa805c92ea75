using System.Globalization;
using Crowdsourcing.Access;
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
            return await RunCoreAsync(campaign, cycle, null, activity, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async ValueTask<DecisionCycleOutcome> RunNextCycleAsync(string campaignId, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        using var activity = diagnostics.StartOperation("DecisionCycle.RunNext", campaignId);
        try
        {
            var started = time.GetUtcNow();
            var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
            var actor = access.RequireOrganiserOf(campaign, $"run the next decision cycle of campaign '{campaign.Id}'");
            var latest = await store.Cycles.FindLatestAsync(campaignId, cancellationToken).ConfigureAwait(false);
            if (latest is not null && (latest.DecidedAt >= started || (!force && started - latest.DecidedAt < cycleOptions.Value.MinimumCycleInterval)))
            {
                // Another caller decided a cycle while this request was under way (or, unless forced, moments ago): that
                // is the next cycle.
                activity?.SetTag("crowdsourcing.already_recorded", true);
                return FromRecord(latest) with { NextDueAt = DueAt(campaign, latest.Cycle + 1) };
            }

            var next = (latest?.Cycle ?? 0) + 1;
            activity?.SetTag("crowdsourcing.cycle", next);
            var due = IsDue(campaign, next, started);
            if (!due && !force)
            {
                if (latest is null)
                {
                    throw new InvalidStateException(
                        string.Create(CultureInfo.InvariantCulture, $"Cycle 1 of campaign '{campaignId}' is not due yet: it is due at {DueAt(campaign, 1):yyyy-MM-dd HH:mm:ss} UTC (now {started.UtcDateTime:yyyy-MM-dd HH:mm:ss}). An organiser can force it."),
                        nameof(Campaign),
                        campaignId);
                }

                activity?.SetTag("crowdsourcing.already_recorded", true);
                return FromRecord(latest) with { NextDueAt = DueAt(campaign, next) };
            }

            return await RunCoreAsync(campaign, next, due ? null : actor.Id, activity, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    /// <summary>When cycle <paramref name="cycle"/> of <paramref name="campaign"/> is due: StartsAt + t × CycleLength (UTC), or <see langword="null"/> past the calendar's end.</summary>
    internal static DateTimeOffset? DueAt(Campaign campaign, int cycle)
    {
        var ticks = (decimal)campaign.CycleLength.Ticks * cycle;
        var end = (decimal)(DateTimeOffset.MaxValue - campaign.StartsAt).Ticks;
        return ticks > end ? null : campaign.StartsAt.AddTicks((long)ticks).ToUniversalTime();
    }

    /// <summary>Runs cycle <paramref name="cycle"/> of <paramref name="campaign"/>, the caller allowed to; <paramref name="forcedBy"/> names who forced it before it was due.</summary>
    private async ValueTask<DecisionCycleOutcome> RunCoreAsync(Campaign campaign, int cycle, string? forcedBy, System.Diagnostics.Activity? activity, CancellationToken cancellationToken)
    {
        var campaignId = campaign.Id;
        var existing = await store.Cycles.FindAsync(campaignId, cycle, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            DecisionCycleLog.CycleAlreadyRecorded(logger, campaignId, cycle, existing.DecidedAt);
            activity?.SetTag("crowdsourcing.already_recorded", true);
            return FromRecord(existing) with { NextDueAt = DueAt(campaign, cycle + 1) };
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
        var decision = await DecideAsync(campaign, cycle, previous?.DecidedAt, now, keepBeliefs: true, cancellationToken).ConfigureAwait(false);
        var (model, policy, state) = (decision.Model, decision.Policy, decision.State);
        var n = state.Ids.Length;
        using var engine = new PopulationEngine(model.Model, new PopulationEngineOptions { NonResponderUpdate = settings.NonResponderUpdate });

        // What the cycle decides from: week t − 1 with its reports.
        var starting = engine.TotalExpectedUtility(state.Population);

        // Week t - 1 -> week t: contacted b·C_k (or b·T), everyone else b·T; their reports arrive during week t.
        var observations = new CycleObservations(n);
        observations.SetContacts(decision.Selection);
        engine.ApplyObservations(state.Population, observations);
        var total = engine.TotalExpectedUtility(state.Population);

        // One change set, without a record per participant: the cycle with its contacts as columns, the beliefs as
        // the engine's columns, and the contact notifications once (rendered from their templates when delivered).
        var report = decision.Report;
        var record = new DecisionCycleRecord(campaignId, cycle, now, decision.Contacts, total)
        {
            Policy = policy.Name,
            ModelVersion = campaign.Decision.ModelVersion,
            ForcedBy = forcedBy,
            Spend = decision.Contacts.TotalCost(),
            Budget = report.Budget?.Amount,
            BudgetUsed = report.Budget is null ? null : report.BudgetUsed,
            BudgetPrice = report.Budget is null ? null : report.BudgetPrice,
            WeeksToWorkshop = report.WeeksToWorkshop,
            PlannedTotal = report.Plan?.ExpectedTotal,
            PlannedSpend = report.Plan?.ExpectedSpend,
            PlanBound = report.Plan?.Bound,
            StartingTotal = starting,
        };
        var columns = new double[model.Model.StateCount][];
        for (var x = 0; x < columns.Length; x++)
        {
            columns[x] = state.Population.GetStateProbabilities(x).ToArray();
        }

        var changes = new ChangeSet().RecordCycle(record).SaveBeliefs(new BeliefColumns(campaignId, cycle, state.Ids, columns));
        var routes = await RoutesAsync(campaign, decision.Contacts, settings.ContactChannel, cancellationToken).ConfigureAwait(false);
        var batch = composer.ContactBatch(campaign, cycle, now, routes);
        if (batch.Fits(decision.Contacts))
        {
            changes.EnqueueContacts(batch.Batch);
        }
        else
        {
            foreach (var contact in decision.Contacts)
            {
                var channel = routes.InterventionChannels.GetValueOrDefault(contact.Intervention) ?? routes.Channel;
                changes.Enqueue(composer.Contact(campaign, cycle, contact.ParticipantId, contact.Intervention, now, channel, routes.Recipients.GetValueOrDefault(contact.ParticipantId)));
            }
        }

        var committed = await store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
        if (!committed.Applied)
        {
            var stored = committed.ExistingCycle ?? record;
            DecisionCycleLog.CycleRecordedElsewhere(logger, campaignId, cycle, stored.DecidedAt);
            activity?.SetTag("crowdsourcing.already_recorded", true);
            return FromRecord(stored) with { NextDueAt = DueAt(campaign, cycle + 1) };
        }

        var contacts = decision.Decisions;
        diagnostics.CountChange("decision-cycle", "recorded");
        diagnostics.CountChange("belief", "updated", n);
        diagnostics.CountChange("notification", "enqueued", contacts.Count);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            foreach (var contact in contacts)
            {
                DecisionCycleLog.ParticipantContacted(logger, campaignId, cycle, contact.ParticipantId, contact.Intervention, contact.Value, contact.Cost, contact.BestActionWithoutContact, contact.ExpectedUtilityWithoutContact);
            }
        }

        var spend = decision.Contacts.TotalCost();
        DecisionCycleLog.CycleRecorded(logger, campaignId, cycle, model.Name, policy.Name, contacts.Count, n, spend, state.ReportsApplied, state.PriorsUsed, total);
        activity?.SetTag("crowdsourcing.contacts", contacts.Count);
        activity?.SetTag("crowdsourcing.total_expected_utility", total);
        return new DecisionCycleOutcome(campaignId, cycle, false, record, contacts, model.Name, policy.Name, n, state.ReportsApplied, state.PriorsUsed) { Report = report, NextDueAt = DueAt(campaign, cycle + 1) };
    }

    /// <summary>
    /// How the cycle's contacts are routed by the campaign's decision settings: an intervention with its own channel
    /// goes there; an escalation goes to the participant's manager (the participant when none is known).
    /// </summary>
    private async ValueTask<ContactRoutes> RoutesAsync(Campaign campaign, CycleContacts contacts, string? channel, CancellationToken cancellationToken)
    {
        var routes = new ContactRoutes(channel);
        var escalations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var setting in campaign.Decision.Interventions)
        {
            if (setting.Channel is { } own)
            {
                routes.InterventionChannels[setting.Name] = own;
            }

            if (setting.Effect == InterventionEffect.Escalation)
            {
                escalations.Add(setting.Name);
            }
        }

        if (escalations.Count == 0)
        {
            return routes;
        }

        for (var j = 0; j < contacts.Count; j++)
        {
            if (!escalations.Contains(contacts.Interventions[contacts.InterventionIndexes[j]]))
            {
                continue;
            }

            var participantId = contacts.ParticipantIds[j];
            var participant = await store.Participants.FindAsync(participantId, cancellationToken).ConfigureAwait(false);
            if (participant?.ManagerId is { } manager && !string.Equals(manager, participantId, StringComparison.Ordinal))
            {
                routes.Recipients[participantId] = manager;
            }
        }

        return routes;
    }

    public async ValueTask<DecisionCyclePreview> PreviewNextCycleAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        using var activity = diagnostics.StartOperation("DecisionCycle.Preview", campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, $"preview the next decision cycle of campaign '{campaign.Id}'");
        var latest = await store.Cycles.FindLatestAsync(campaignId, cancellationToken).ConfigureAwait(false);
        var cycle = (latest?.Cycle ?? 0) + 1;
        var decision = await DecideAsync(campaign, cycle, latest?.DecidedAt, time.GetUtcNow(), keepBeliefs: false, cancellationToken).ConfigureAwait(false);
        return new DecisionCyclePreview(campaignId, cycle, decision.Decisions, decision.Model.Name, decision.Policy.Name, decision.State.Ids.Length, decision.State.ReportsApplied, decision.State.PriorsUsed) { Report = decision.Report };
    }

    /// <summary>
    /// Decides cycle <paramref name="cycle"/>: loads the beliefs of week <paramref name="cycle"/> − 1 with the reports
    /// made since <paramref name="reportsAfter"/>, and lets the configured policy choose whom to contact, with what and
    /// why. The contacts stay columns (<see cref="CycleContacts"/>, highest value first, ties by participant id) and the
    /// reasons are worked out only for the contacts read (<see cref="ContactDecisionList"/>).
    /// </summary>
    /// <remarks>With <c>keepBeliefs</c> a copy of the week t − 1 beliefs is kept for the reasons, because the caller
    /// moves the population on to week t.</remarks>
    private async ValueTask<CycleDecision> DecideAsync(Campaign campaign, int cycle, DateTimeOffset? reportsAfter, DateTimeOffset now, bool keepBeliefs, CancellationToken cancellationToken)
    {
        var model = CampaignModel(campaign);
        var settings = cycleOptions.Value;
        var policy = policies.Get(campaign.Decision.Policy ?? settings.ContactPolicy).Create(new ContactPolicyRequest(campaign, model, cycle));
        var state = await loader.LoadAsync(campaign, model, cycle - 1, reportsAfter, now, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var n = state.Ids.Length;
        using var engine = new PopulationEngine(model.Model, new PopulationEngineOptions { NonResponderUpdate = settings.NonResponderUpdate });
        var evaluation = engine.CreateEvaluation(n);
        engine.Evaluate(state.Population, evaluation, policy.RequiresResponseAwareValues);
        engine.SelectContacts(state.Population, evaluation, policy, cycle, cyclesRemaining: null);
        var context = new Decision.Policies.ContactPolicyContext(model.Model, state.Population, evaluation, ReadOnlySpan<double>.Empty, cycle, null);
        var report = policy.Report(context);

        var selection = evaluation.Selection.ToArray();
        var indexes = new int[evaluation.ContactCount];
        var interventions = new int[indexes.Length];
        var values = new double[indexes.Length];
        var costs = new double[indexes.Length];
        var m = 0;
        for (var i = 0; i < n; i++)
        {
            var k = selection[i];
            if (k == CycleObservations.None)
            {
                continue;
            }

            if (m == indexes.Length)
            {
                Array.Resize(ref indexes, m + 1);
                Array.Resize(ref interventions, m + 1);
                Array.Resize(ref values, m + 1);
                Array.Resize(ref costs, m + 1);
            }

            indexes[m] = i;
            interventions[m] = k;
            values[m] = policy.RequiresResponseAwareValues ? evaluation.GetResponseAwareValues(k)[i] : evaluation.GetValues(k)[i];
            costs[m] = model.Model.Interventions[k].Cost;
            m++;
        }

        // Highest value first; ties in participant order (the population's order is the ids' code-point order).
        var order = new int[m];
        for (var j = 0; j < m; j++)
        {
            order[j] = j;
        }

        SortHighestValueFirst(values.AsSpan(0, m), order);
        // Why each participant is contacted, in the policy's terms (value, cost, weeks to the workshop, the budget's price).
        // Participants with the same explanation (the same numbers: a crowd's beliefs fall into few classes, and a new
        // crowd is all at the prior) share its text, which is formatted once.
        var ids = new string[m];
        var reasons = new string?[m];
        var texts = new Dictionary<Decision.Policies.ContactExplanation, string>();
        Decision.Policies.ContactExplanation? previous = null;
        string? previousText = null;
        for (var j = 0; j < m; j++)
        {
            ids[j] = state.Ids[indexes[j]];
            var explanation = policy.Explain(context, indexes[j]);
            if (previousText is not null && explanation == previous)
            {
                reasons[j] = previousText;
                continue;
            }

            if (!texts.TryGetValue(explanation, out var text))
            {
                text = explanation.ToString();
                if (texts.Count < MaxDistinctReasons)
                {
                    texts.Add(explanation, text);
                }
            }

            (previous, previousText) = (explanation, text);
            reasons[j] = text;
        }

        var names = model.Model.Interventions.Select(x => x.Name).ToArray();
        var contacts = CycleContacts.Create(ids, names, interventions.AsSpan(0, m), values.AsSpan(0, m), costs.AsSpan(0, m), order, reasons);
        var beliefs = state.Population;
        if (keepBeliefs)
        {
            beliefs = engine.CreatePopulation(n);
            beliefs.CopyFrom(state.Population);
        }

        var decisions = new ContactDecisionList(contacts, indexes.AsSpan(0, m).ToArray(), beliefs, new DecisionEvaluator(model.Model));
        return new CycleDecision(model, policy, state, selection, contacts, decisions, report);
    }

    /// <summary>
    /// Sorts <paramref name="order"/> (0, 1, … on entry: indexes into <paramref name="values"/>) highest value first,
    /// ties in index order (participant order). The values are sorted as keys, which the runtime sorts without a
    /// comparer, and each run of equal values is then put in index order: a comparison delegate cost a call per
    /// comparison, about 20 million for a million contacts, and a new crowd's contacts all share one value.
    /// </summary>
    private static void SortHighestValueFirst(ReadOnlySpan<double> values, int[] order)
    {
        var keys = new double[values.Length];
        for (var j = 0; j < keys.Length; j++)
        {
            keys[j] = -values[j];
        }

        Array.Sort(keys, order);
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                order.AsSpan(start, end - start).Sort();
            }

            start = end;
        }
    }

    /// <summary>The most distinct reason texts a cycle keeps to share between contacts (beyond it each is formatted anew).</summary>
    private const int MaxDistinctReasons = 65_536;

    /// <summary>The campaign's decision model: the registered one, in the version its settings name, with only the interventions they allow.</summary>
    private RegisteredDecisionModel CampaignModel(Campaign campaign) => Learning.CampaignModels.Resolve(registry, campaign);

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
        return new WorkshopRecommendation(campaignId, week, decision.Hold, decision.TotalExpectedUtility, decision.Threshold, invitees, state.Ids.Length);
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
            new ContactDecisionList(CycleContacts.From(record.Contacts), null, null, null),
            null,
            null,
            null,
            null,
            null);
}

/// <summary>What <c>DecideAsync</c> decided: the contacts as columns and, for callers, as decisions with their reasons.</summary>
internal sealed record CycleDecision(RegisteredDecisionModel Model, Decision.Policies.ContactPolicy Policy, CrowdState State, int[] Selection, CycleContacts Contacts, ContactDecisionList Decisions, Decision.Policies.PolicyCycleReport Report);

/// <summary>
/// A cycle's contacts as <see cref="ContactDecision"/>s, highest value first, made when they are read: the best action
/// and MEU without contact are worked out from the week t − 1 belief then, so a million contacts cost nothing until
/// someone reads them. For a cycle read back from its record there are no beliefs, and no reasons beyond the record's.
/// </summary>
internal sealed class ContactDecisionList(CycleContacts contacts, int[]? populationIndexes, BeliefPopulation? beliefs, DecisionEvaluator? evaluator) : IReadOnlyList<ContactDecision>
{
    public int Count => contacts.Count;

    public ContactDecision this[int index]
    {
        get
        {
            var record = contacts[index];
            if (beliefs is null || populationIndexes is null || evaluator is null)
            {
                return new ContactDecision(record.ParticipantId, record.Intervention, record.Value, record.Cost, null, null) { Reason = record.Reason };
            }

            var belief = beliefs.GetBelief(populationIndexes[contacts.DecisionOrder[index]]);
            var without = evaluator.MaximumExpectedUtilityWithoutIntervention(belief);
            return new ContactDecision(record.ParticipantId, record.Intervention, record.Value, record.Cost, without.Action, without.ExpectedUtility) { Belief = belief.AsSpan().ToArray(), Reason = record.Reason };
        }
    }

    public IEnumerator<ContactDecision> GetEnumerator()
    {
        for (var k = 0; k < Count; k++)
        {
            yield return this[k];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

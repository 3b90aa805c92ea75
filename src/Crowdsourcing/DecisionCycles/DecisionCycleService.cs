using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Notifications;
using Crowdsourcing.Options;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DecisionCycles;

/// <summary>The decision cycle over the provider's store; see <see cref="IDecisionCycleService"/>.</summary>
internal sealed class DecisionCycleService : IDecisionCycleService
{
    /// <summary>The notification kind of a contact: <c>contact</c>.</summary>
    public const string ContactKind = "contact";

    private readonly ICrowdsourcingStore _store;
    private readonly IDecisionModelRegistry _registry;
    private readonly IOptions<DecisionModelsOptions> _engineOptions;
    private readonly IOptions<CrowdsourcingOptions> _options;
    private readonly IOptions<NotificationRoutingOptions> _routing;
    private readonly TimeProvider _time;
    private readonly CrowdsourcingDiagnostics _diagnostics;
    private readonly ILogger _logger;

    public DecisionCycleService(
        ICrowdsourcingStore store,
        IDecisionModelRegistry registry,
        IOptions<DecisionModelsOptions> engineOptions,
        IOptions<CrowdsourcingOptions> options,
        IOptions<NotificationRoutingOptions> routing,
        TimeProvider time,
        CrowdsourcingDiagnostics diagnostics,
        ILogger logger)
    {
        _store = store;
        _registry = registry;
        _engineOptions = engineOptions;
        _options = options;
        _routing = routing;
        _time = time;
        _diagnostics = diagnostics;
        _logger = logger;
    }

    /// <summary>The deterministic id of the contact notification of one participant in one cycle.</summary>
    public static string ContactNotificationId(string campaignId, int cycle, string participantId)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"contact:{campaignId}:{cycle}:{participantId}");
        return id.Length <= 200 ? id : "contact:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }

    public async ValueTask<DecisionCycleOutcome> RunCycleAsync(string campaignId, int cycle, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        ArgumentOutOfRangeException.ThrowIfLessThan(cycle, 1);
        using var activity = _diagnostics.ActivitySource.StartActivity("crowdsourcing.decision_cycle.run");
        activity?.SetTag("crowdsourcing.campaign", campaignId);
        activity?.SetTag("crowdsourcing.cycle", cycle);

        var campaign = await _store.Campaigns.FindAsync(campaignId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException(nameof(Campaign), campaignId);
        var existing = await _store.Cycles.FindAsync(campaignId, cycle, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            DecisionCycleLog.CycleAlreadyRecorded(_logger, campaignId, cycle, existing.DecidedAt);
            activity?.SetTag("crowdsourcing.already_recorded", true);
            return FromRecord(existing);
        }

        DecisionCycleRecord? previous = null;
        if (cycle > 1)
        {
            previous = await _store.Cycles.FindAsync(campaignId, cycle - 1, cancellationToken).ConfigureAwait(false);
            if (previous is null)
            {
                var latest = await _store.Cycles.FindLatestAsync(campaignId, cancellationToken).ConfigureAwait(false);
                DecisionCycleLog.CycleOutOfOrder(_logger, campaignId, cycle, cycle - 1);
                throw new InvalidStateException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Cycle {cycle} of campaign '{campaignId}' cannot run: cycle {cycle - 1} is not recorded ({(latest is null ? "no cycle is recorded yet, so the next is cycle 1" : $"the latest recorded cycle is {latest.Cycle}, so the next is cycle {latest.Cycle + 1}")}). Cycles run in order, from 1."));
            }
        }

        var model = _registry.GetModel(campaign.DecisionModel);
        var engineOptions = _engineOptions.Value;
        var policy = ContactPolicies.Get(engineOptions.ContactPolicy);
        var now = _time.GetUtcNow();
        var state = await LoadAsync(campaign, model, cycle - 1, previous?.DecidedAt, now, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var n = state.Ids.Count;
        using var engine = new PopulationEngine(model.Model, new PopulationEngineOptions { NonResponderUpdate = engineOptions.NonResponderUpdate });
        var evaluation = engine.CreateEvaluation(n);
        engine.Evaluate(state.Population, evaluation, policy.RequiresResponseAwareValues);
        engine.SelectContacts(state.Population, evaluation, policy, cycle, cyclesRemaining: null);

        var evaluator = new DecisionEvaluator(model.Model);
        var contacts = new List<ContactDecision>(evaluation.ContactCount);
        var selection = evaluation.Selection;
        for (var i = 0; i < n; i++)
        {
            var k = selection[i];
            if (k == CycleObservations.None)
            {
                continue;
            }

            var value = policy.RequiresResponseAwareValues ? evaluation.GetResponseAwareValues(k)[i] : evaluation.GetValues(k)[i];
            var without = evaluator.MaximumExpectedUtilityWithoutIntervention(state.Population.GetBelief(i));
            var intervention = model.Model.Interventions[k];
            contacts.Add(new ContactDecision(state.Ids[i], intervention.Name, value, intervention.Cost, without.Action, without.ExpectedUtility));
        }

        contacts.Sort(static (x, y) => y.Value != x.Value ? y.Value.CompareTo(x.Value) : string.CompareOrdinal(x.ParticipantId, y.ParticipantId));

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
        var channel = engineOptions.ContactChannel ?? _routing.Value.DefaultChannel;
        foreach (var contact in contacts)
        {
            changes.Enqueue(ContactNotification(campaign, cycle, contact, channel, now));
        }

        var committed = await _store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
        if (!committed.Applied)
        {
            var stored = committed.ExistingCycle ?? record;
            DecisionCycleLog.CycleRecordedElsewhere(_logger, campaignId, cycle, stored.DecidedAt);
            activity?.SetTag("crowdsourcing.already_recorded", true);
            return FromRecord(stored);
        }

        _diagnostics.StateChanges.Add(1, new KeyValuePair<string, object?>("record", "decision-cycle"), new KeyValuePair<string, object?>("operation", "recorded"));
        _diagnostics.StateChanges.Add(n, new KeyValuePair<string, object?>("record", "belief"), new KeyValuePair<string, object?>("operation", "updated"));
        if (contacts.Count > 0)
        {
            _diagnostics.StateChanges.Add(contacts.Count, new KeyValuePair<string, object?>("record", "notification"), new KeyValuePair<string, object?>("operation", "enqueued"));
        }

        foreach (var contact in contacts)
        {
            DecisionCycleLog.ParticipantContacted(_logger, campaignId, cycle, contact.ParticipantId, contact.Intervention, contact.Value, contact.Cost, contact.BestActionWithoutContact, contact.ExpectedUtilityWithoutContact);
        }

        var spend = contacts.Sum(c => c.Cost);
        DecisionCycleLog.CycleRecorded(_logger, campaignId, cycle, model.Name, policy.Name, contacts.Count, n, spend, state.ReportsApplied, state.PriorsUsed, total);
        activity?.SetTag("crowdsourcing.contacts", contacts.Count);
        activity?.SetTag("crowdsourcing.total_expected_utility", total);
        return new DecisionCycleOutcome(campaignId, cycle, false, record, contacts, model.Name, policy.Name, n, state.ReportsApplied, state.PriorsUsed);
    }

    public async ValueTask<WorkshopRecommendation> GetWorkshopRecommendationAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        using var activity = _diagnostics.ActivitySource.StartActivity("crowdsourcing.decision_cycle.workshop");
        activity?.SetTag("crowdsourcing.campaign", campaignId);

        var campaign = await _store.Campaigns.FindAsync(campaignId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException(nameof(Campaign), campaignId);
        var model = _registry.GetModel(campaign.DecisionModel);
        var latest = await _store.Cycles.FindLatestAsync(campaignId, cancellationToken).ConfigureAwait(false);
        var week = latest?.Cycle ?? 0;
        var now = _time.GetUtcNow();
        var state = await LoadAsync(campaign, model, week, latest?.DecidedAt, now, cancellationToken).ConfigureAwait(false);

        using var engine = new PopulationEngine(model.Model);
        var decision = engine.DecideWorkshop(state.Population, campaign.WorkshopThreshold, model.InviteActionIndex);
        var invitees = new List<WorkshopInvitee>(decision.Invitations.Count);
        foreach (var invitation in decision.Invitations)
        {
            invitees.Add(new WorkshopInvitee(0, state.Ids[invitation.Participant], invitation.ExpectedUtility, state.Population.GetBelief(invitation.Participant).AsSpan().ToArray()));
        }

        // The engine breaks ties by index, which is participant id order here; number the ranks.
        for (var r = 0; r < invitees.Count; r++)
        {
            invitees[r] = invitees[r] with { Rank = r + 1 };
        }

        DecisionCycleLog.WorkshopRecommended(_logger, campaignId, week, decision.Hold, decision.TotalExpectedUtility, decision.Threshold, invitees.Count);
        activity?.SetTag("crowdsourcing.hold", decision.Hold);
        activity?.SetTag("crowdsourcing.total_expected_utility", decision.TotalExpectedUtility);
        return new WorkshopRecommendation(campaignId, week, decision.Hold, decision.TotalExpectedUtility, decision.Threshold, invitees, state.Ids.Count);
    }

    public async ValueTask<DueCyclesRun> RunDueCyclesAsync(int maxCyclesPerCampaign = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCyclesPerCampaign, 1);
        using var activity = _diagnostics.ActivitySource.StartActivity("crowdsourcing.decision_cycle.run_due");
        var now = _time.GetUtcNow();
        var outcomes = new List<DecisionCycleOutcome>();
        var failures = new List<DueCycleFailure>();
        var pageSize = _options.Value.PageSize;
        await foreach (var campaign in RuntimeSupport.AllPagesAsync(page => _store.Campaigns.ListAsync(page, cancellationToken), c => c.Id, pageSize, cancellationToken).ConfigureAwait(false))
        {
            var next = 0;
            try
            {
                var latest = await _store.Cycles.FindLatestAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
                next = (latest?.Cycle ?? 0) + 1;
                for (var run = 0; run < maxCyclesPerCampaign && IsDue(campaign, next, now); run++)
                {
                    outcomes.Add(await RunCycleAsync(campaign.Id, next, cancellationToken).ConfigureAwait(false));
                    next++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                DecisionCycleLog.DueCycleFailed(_logger, ex, campaign.Id, next);
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

    private static Notification ContactNotification(Campaign campaign, int cycle, ContactDecision contact, string channel, DateTimeOffset now) =>
        new(
            ContactNotificationId(campaign.Id, cycle, contact.ParticipantId),
            channel,
            contact.ParticipantId,
            ContactKind,
            $"{campaign.Name}: please bring your knowledge request up to date",
            string.Create(
                CultureInfo.InvariantCulture,
                $"In week {cycle} of the campaign '{campaign.Name}' we would like to hear where your knowledge request stands. Please complete the sections you can and submit it; your answer tells us whether to invite you to the workshop. (Intervention: {contact.Intervention}.)"),
            now);

    /// <summary>
    /// Loads the crowd and their beliefs of <paramref name="week"/>, with the reports made in
    /// (<paramref name="reportsAfter"/>, <paramref name="reportsUntil"/>] applied as states of that week.
    /// </summary>
    private async ValueTask<CrowdState> LoadAsync(Campaign campaign, RegisteredDecisionModel model, int week, DateTimeOffset? reportsAfter, DateTimeOffset reportsUntil, CancellationToken cancellationToken)
    {
        CheckReadiness(campaign, model);
        var pageSize = _options.Value.PageSize;
        var crowd = await ResolveCrowdAsync(campaign, pageSize, cancellationToken).ConfigureAwait(false);
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
        await foreach (var belief in RuntimeSupport.AllPagesAsync(page => _store.Beliefs.ListAsync(campaign.Id, page, cancellationToken), b => b.ParticipantId, pageSize, cancellationToken).ConfigureAwait(false))
        {
            if (!index.TryGetValue(belief.ParticipantId, out var i))
            {
                continue;
            }

            if (belief.Probabilities.Count != s)
            {
                throw new InvalidStateException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Campaign '{campaign.Id}': the stored belief of participant '{belief.ParticipantId}' (week {belief.Week}) has {belief.Probabilities.Count} probabilities, but model '{model.Name}' has {s} states ({string.Join(", ", model.Model.States)})."));
            }

            population.SetBelief(i, [.. belief.Probabilities]);
            known[i] = true;
            if (belief.Week > week)
            {
                DecisionCycleLog.BeliefAhead(_logger, campaign.Id, belief.ParticipantId, belief.Week, week);
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

        var reports = await LoadReportsAsync(campaign, model, index, reportsAfter, reportsUntil, pageSize, cancellationToken).ConfigureAwait(false);
        foreach (var (participant, stateIndex) in reports)
        {
            population.SetCertain(participant, stateIndex);
        }

        return new CrowdState(ids, population, reports.Count, priorsUsed);
    }

    private static void CheckReadiness(Campaign campaign, RegisteredDecisionModel model)
    {
        var missing = campaign.Readiness.Levels.Where(l => model.Model.IndexOfState(l.Name) < 0).Select(l => l.Name).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidStateException(
                $"Campaign '{campaign.Id}': readiness level(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} are not states of decision model '{model.Name}' (states: {string.Join(", ", model.Model.States)}); a readiness level's name must be a state of the model.");
        }
    }

    /// <summary>The campaign's crowd, ordered by participant id: its selection, limited to the layers its task allows.</summary>
    private async ValueTask<List<Participant>> ResolveCrowdAsync(Campaign campaign, int pageSize, CancellationToken cancellationToken)
    {
        var task = await _store.Tasks.FindAsync(campaign.TaskId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidStateException($"Campaign '{campaign.Id}': its task '{campaign.TaskId}' does not exist, so its crowd (limited to the layers the task allows) cannot be determined.");
        var crowd = new SortedDictionary<string, Participant>(StringComparer.Ordinal);
        foreach (var layer in campaign.Crowd.Layers)
        {
            if (!task.Allows(layer))
            {
                continue;
            }

            await foreach (var participant in RuntimeSupport.AllPagesAsync(page => _store.Participants.ListByLayerAsync(layer, page, cancellationToken), p => p.Id, pageSize, cancellationToken).ConfigureAwait(false))
            {
                if (campaign.Crowd.Selects(participant))
                {
                    crowd[participant.Id] = participant;
                }
            }
        }

        foreach (var id in campaign.Crowd.ParticipantIds)
        {
            if (crowd.ContainsKey(id))
            {
                continue;
            }

            var participant = await _store.Participants.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (participant is null)
            {
                DecisionCycleLog.CrowdParticipantMissing(_logger, campaign.Id, id);
            }
            else if (task.Allows(participant.Layer))
            {
                crowd[participant.Id] = participant;
            }
        }

        return [.. crowd.Values];
    }

    /// <summary>
    /// The reported states in (<paramref name="after"/>, <paramref name="until"/>]: per crowd member (by population
    /// index) the readiness level of their latest quality assessment in that window, as a state index.
    /// </summary>
    private async ValueTask<Dictionary<int, int>> LoadReportsAsync(Campaign campaign, RegisteredDecisionModel model, Dictionary<string, int> index, DateTimeOffset? after, DateTimeOffset until, int pageSize, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<int, (DateTimeOffset At, string AssignmentId, int State)>();
        await foreach (var assignment in RuntimeSupport.AllPagesAsync(page => _store.Assignments.ListByCampaignAsync(campaign.Id, page, cancellationToken), a => a.Id, pageSize, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var assessment in _store.Assignments.ListAssessmentsAsync(assignment.Id, cancellationToken).ConfigureAwait(false))
            {
                if (assessment.AssessedAt > until || (after is { } a && assessment.AssessedAt <= a))
                {
                    continue;
                }

                var stateIndex = model.Model.IndexOfState(assessment.ReadinessLevel);
                if (stateIndex < 0)
                {
                    throw new InvalidStateException(
                        $"Campaign '{campaign.Id}': the assessment of assignment '{assignment.Id}' at {assessment.AssessedAt:O} reports readiness level '{assessment.ReadinessLevel}', which is not a state of decision model '{model.Name}' (states: {string.Join(", ", model.Model.States)}).");
                }

                foreach (var assignee in assignment.AssigneeIds)
                {
                    if (!index.TryGetValue(assignee, out var i))
                    {
                        continue;
                    }

                    if (!latest.TryGetValue(i, out var seen)
                        || assessment.AssessedAt > seen.At
                        || (assessment.AssessedAt == seen.At && string.CompareOrdinal(assignment.Id, seen.AssignmentId) >= 0))
                    {
                        latest[i] = (assessment.AssessedAt, assignment.Id, stateIndex);
                    }
                }
            }
        }

        return latest.ToDictionary(kv => kv.Key, kv => kv.Value.State);
    }

    private sealed record CrowdState(IReadOnlyList<string> Ids, BeliefPopulation Population, int ReportsApplied, int PriorsUsed);
}

using Crowdsourcing.Access;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Decision.Learning;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Options;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Learning;

/// <summary>
/// The campaign learner over the provider's store; see <see cref="ICampaignLearningService"/>. The history becomes the
/// engine's event log: cycle t's contacts are week t's interventions, and a participant's latest reported state
/// between cycle t's decision and cycle t + 1's is their state of week t (before cycle 1: week 0), exactly as the
/// decision cycles apply reports. A report an analyst reviewed (<see cref="Quality.IReportReviewService"/>) carries the
/// level found as the event's <see cref="CampaignEvent.ReviewedState"/>, so the engine also estimates the report model
/// O_k(x, o) of the intervention that prompted it; adopting the estimate keeps that O_k in the model version.
/// </summary>
internal sealed class CampaignLearningService(
    ICrowdsourcingStore store,
    IDecisionModelRegistry registry,
    AccessPolicy access,
    TimeProvider time,
    CrowdsourcingDiagnostics diagnostics,
    IOptions<CrowdsourcingOptions> options,
    IOptions<CampaignLearningOptions> learningOptions,
    CrowdStateLoader loader,
    PlanReports.CampaignForecasts forecasts) : ICampaignLearningService
{
    public async ValueTask<CampaignModelEstimate> LearnAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        using var activity = diagnostics.StartOperation("Campaign.Learn", campaignId);
        try
        {
            var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
            access.RequireOrganiserOf(campaign, $"learn the decision model of campaign '{campaign.Id}'");
            return await LearnCoreAsync(campaign, withPlans: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    public async ValueTask<Campaign> AdoptAsync(string campaignId, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        using var activity = diagnostics.StartOperation("Campaign.AdoptLearnedModel", campaignId);
        try
        {
            var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
            var actor = access.RequireOrganiserOf(campaign, $"adopt a learned decision model for campaign '{campaign.Id}'");
            if (campaign.Version != expectedVersion)
            {
                throw new ConcurrencyConflictException(nameof(Campaign), campaign.Id, expectedVersion, campaign.Version, campaign.ModifiedBy, campaign.ModifiedAt);
            }

            var estimate = await LearnCoreAsync(campaign, withPlans: false, cancellationToken).ConfigureAwait(false);
            var settings = campaign.Decision;
            var number = Math.Max(1, settings.ModelVersions.Count == 0 ? 1 : settings.ModelVersions.Max(v => v.Version)) + 1;
            var learned = estimate.Learned;
            var now = time.GetUtcNow();
            var version = new CampaignModelVersion
            {
                Version = number,
                AdoptedBy = actor.Id,
                AdoptedAt = now,
                FromCycle = estimate.FromCycle,
                ToCycle = estimate.ToCycle,
                LearnedFromVersion = settings.ModelVersion,
                Transition = CampaignModels.Rows(learned.Model.Transition),
                Interventions = [.. learned.Interventions.Select(k => new LearnedInterventionParameters(k.Name, CampaignModels.Rows(k.Transition.Estimate), k.ResponseRate.Estimate) { ReportModel = k.ReportModel is { } o ? CampaignModels.Rows(o.Estimate) : null })],
                LogLikelihood = learned.LogLikelihood,
            };
            var updated = campaign with
            {
                Decision = settings with { ModelVersions = [.. settings.ModelVersions, version], ModelVersion = number },
                ModifiedBy = actor.Id,
                ModifiedAt = now,
            };
            var stored = await store.Campaigns.UpdateAsync(updated, cancellationToken).ConfigureAwait(false);
            diagnostics.CountChange(nameof(Campaign), "model-adopted");
            return stored;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity.Failed(ex);
            throw;
        }
    }

    private async ValueTask<CampaignModelEstimate> LearnCoreAsync(Campaign campaign, bool withPlans, CancellationToken cancellationToken)
    {
        // Every intervention the model has: the history may use one the settings no longer allow.
        var model = CampaignModels.Resolve(registry, campaign with { Decision = campaign.Decision with { Interventions = [] } });
        var cycles = new List<DecisionCycleRecord>();
        await foreach (var record in store.Cycles.ListAsync(campaign.Id, cancellationToken).ConfigureAwait(false))
        {
            cycles.Add(record);
        }

        if (cycles.Count == 0)
        {
            throw new InvalidStateException($"Campaign '{campaign.Id}' has no recorded cycle yet, so there is no history to learn from; run cycles and collect reports first.", nameof(Campaign), campaign.Id);
        }

        var last = cycles[^1].Cycle;
        var decidedAt = cycles.Select(c => c.DecidedAt).ToArray();
        var rows = new Dictionary<string, Dictionary<int, (string? Intervention, string? State, string? Reviewed)>>(StringComparer.Ordinal);
        Dictionary<int, (string? Intervention, string? State, string? Reviewed)> Of(string participant)
        {
            if (!rows.TryGetValue(participant, out var weeks))
            {
                weeks = [];
                rows[participant] = weeks;
            }

            return weeks;
        }

        var contacts = 0;
        foreach (var record in cycles)
        {
            foreach (var contact in record.Contacts)
            {
                var weeks = Of(contact.ParticipantId);
                var known = weeks.GetValueOrDefault(record.Cycle);
                weeks[record.Cycle] = (contact.Intervention, known.State, known.Reviewed);
                contacts++;
            }
        }

        // Reports: the latest per participant and week (ties to the assignment whose id sorts last), as cycles apply them.
        var assessments = new List<Quality.QualityAssessment>();
        await foreach (var assessment in store.Assignments.ListAssessmentsByCampaignAsync(campaign.Id, null, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            assessments.Add(assessment);
        }

        var reports = 0;
        var reviewedReports = 0;
        if (assessments.Count > 0)
        {
            // Analysts' reviews: the level found for a report, paired with the reported one (evidence for O_k).
            var reviews = new Dictionary<(string Assignment, long Ticks), string>();
            await foreach (var review in store.ReportReviews.ListByCampaignAsync(campaign.Id, cancellationToken).ConfigureAwait(false))
            {
                _ = ReportReader.StateIndex(campaign, model, review.ReviewedLevel, "the review of the report", "found", review.AssignmentId, review.AssessedAt);
                reviews[(review.AssignmentId, review.AssessedAt.UtcTicks)] = review.ReviewedLevel;
            }

            var assignees = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            var pages = StoreExtensions.AllPagesAsync(page => store.Assignments.ListByCampaignAsync(campaign.Id, page, cancellationToken), a => a.Id, options.Value.PageSize, cancellationToken);
            await foreach (var assignment in pages.ConfigureAwait(false))
            {
                assignees[assignment.Id] = assignment.AssigneeIds;
            }

            var latest = new Dictionary<(string Participant, int Week), (DateTimeOffset At, string AssignmentId, string State)>();
            foreach (var assessment in assessments.Where(a => assignees.ContainsKey(a.AssignmentId)))
            {
                _ = ReportReader.StateIndex(campaign, model, assessment.ReadinessLevel, "the assessment", "reports", assessment.AssignmentId, assessment.AssessedAt);

                // Week w: the cycles decided before the report (a report at cycle t's decision time still counts for week t − 1).
                var week = Math.Min(last, CountBefore(decidedAt, assessment.AssessedAt));
                foreach (var participant in assignees[assessment.AssignmentId])
                {
                    var key = (participant, week);
                    if (!latest.TryGetValue(key, out var seen) || assessment.AssessedAt > seen.At || (assessment.AssessedAt == seen.At && string.CompareOrdinal(assessment.AssignmentId, seen.AssignmentId) >= 0))
                    {
                        latest[key] = (assessment.AssessedAt, assessment.AssignmentId, assessment.ReadinessLevel);
                    }
                }
            }

            foreach (var ((participant, week), report) in latest)
            {
                var weeks = Of(participant);
                var reviewed = reviews.GetValueOrDefault((report.AssignmentId, report.At.UtcTicks));
                weeks[week] = (weeks.GetValueOrDefault(week).Intervention, report.State, reviewed);
                reports++;
                reviewedReports += reviewed is null ? 0 : 1;
            }
        }

        // Everyone the cycles decided about is in the history until the latest week, reported or not.
        var beliefs = StoreExtensions.AllPagesAsync(page => store.Beliefs.ListAsync(campaign.Id, page, cancellationToken), b => b.ParticipantId, options.Value.PageSize, cancellationToken);
        await foreach (var belief in beliefs.ConfigureAwait(false))
        {
            _ = Of(belief.ParticipantId);
        }

        var events = new List<CampaignEvent>();
        foreach (var (participant, weeks) in rows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (!weeks.ContainsKey(last))
            {
                weeks[last] = (null, null, null);
            }

            foreach (var (week, (intervention, state, reviewed)) in weeks.OrderBy(w => w.Key))
            {
                events.Add(new CampaignEvent(participant, week, intervention, state) { ReviewedState = reviewed });
            }
        }

        var stateRates = model.Model.Interventions.Any(k => k.StateResponseRates is not null);
        var strength = learningOptions.Value.PriorStrength;
        var learned = ParameterLearner.Learn(model.Model, events, new LearningOptions { StateDependentResponseRates = stateRates, PriorStrength = strength }, cancellationToken);
        var estimate = new CampaignModelEstimate(campaign.Id, campaign.Decision.ModelVersion, model.Model, learned, cycles[0].Cycle, last, contacts, reports) { PriorStrength = strength, ReviewedReports = reviewedReports };
        return withPlans ? await WithPlansAsync(campaign, estimate, cycles[^1], cancellationToken).ConfigureAwait(false) : estimate;
    }

    /// <summary>The estimate with the campaign's plan from now under the current and the learned model.</summary>
    private async ValueTask<CampaignModelEstimate> WithPlansAsync(Campaign campaign, CampaignModelEstimate estimate, DecisionCycleRecord latest, CancellationToken cancellationToken)
    {
        var current = CampaignModels.Resolve(registry, campaign);
        var learnedModel = estimate.Learned.Model;
        var learned = current with
        {
            Model = current.Model.With(
                transition: learnedModel.Transition,
                interventions: [.. current.Model.Interventions.Select(k => learnedModel.Interventions[learnedModel.IndexOfIntervention(k.Name)])]),
        };
        var week = latest.Cycle;
        var state = await loader.LoadAsync(campaign, current, week, latest.DecidedAt, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var weeks = PlanReports.CampaignForecasts.Horizon(campaign, week, null, learningOptions.Value.ForecastWeeks);
        try
        {
            var now = forecasts.Forecast(campaign, current, state.Population, week, weeks, cancellationToken);
            var then = forecasts.Forecast(campaign, learned, state.Population, week, weeks, cancellationToken);
            return estimate with { Plans = new PlanComparison(week, now, then) };
        }
        catch (InvalidStateException ex)
        {
            return estimate with { PlansUnavailable = ex.Message };
        }
    }

    /// <summary>How many of the ascending times are before <paramref name="at"/>.</summary>
    private static int CountBefore(DateTimeOffset[] times, DateTimeOffset at)
    {
        var count = 0;
        while (count < times.Length && times[count] < at)
        {
            count++;
        }

        return count;
    }
}

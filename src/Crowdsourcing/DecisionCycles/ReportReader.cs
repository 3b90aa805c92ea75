using Crowdsourcing.Campaigns;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Options;
using Crowdsourcing.Quality;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DecisionCycles;

/// <summary>
/// The readiness reports a decision cycle applies: per crowd member, the readiness level of their latest quality
/// assessment in a time window, read set-wise (the campaign's assessments in the window with one query, then its
/// assignments once when there is any).
/// </summary>
internal sealed class ReportReader(ICrowdsourcingStore store, IOptions<CrowdsourcingOptions> options)
{
    /// <summary>
    /// The reported states in (<paramref name="after"/>, <paramref name="until"/>]: per crowd member (by population
    /// index in <paramref name="ids"/>, which is in code-point order) the state index of the readiness level of their
    /// latest assessment; ties in time go to the assignment whose id sorts last. The campaign's assignments are read
    /// only when there is an assessment in the window.
    /// </summary>
    /// <exception cref="InvalidStateException">An assessment reports a level that is not a state of the model.</exception>
    public async ValueTask<Dictionary<int, int>> ReadAsync(Campaign campaign, RegisteredDecisionModel model, string[] ids, DateTimeOffset? after, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var assessments = new List<QualityAssessment>();
        await foreach (var assessment in store.Assignments.ListAssessmentsByCampaignAsync(campaign.Id, after, until, cancellationToken).ConfigureAwait(false))
        {
            assessments.Add(assessment);
        }

        if (assessments.Count == 0)
        {
            return [];
        }

        var assignees = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var pages = StoreExtensions.AllPagesAsync(page => store.Assignments.ListByCampaignAsync(campaign.Id, page, cancellationToken), a => a.Id, options.Value.PageSize, cancellationToken);
        await foreach (var assignment in pages.ConfigureAwait(false))
        {
            assignees[assignment.Id] = assignment.AssigneeIds;
        }

        var latest = new Dictionary<int, (DateTimeOffset At, string AssignmentId, int State)>();
        foreach (var assessment in assessments)
        {
            if (!assignees.TryGetValue(assessment.AssignmentId, out var people))
            {
                continue;
            }

            var stateIndex = StateIndex(campaign, model, assessment.ReadinessLevel, "the assessment", "reports", assessment.AssignmentId, assessment.AssessedAt);

            foreach (var assignee in people)
            {
                var i = Array.BinarySearch(ids, assignee, CodePointComparer.Instance);
                if (i >= 0
                    && (!latest.TryGetValue(i, out var seen)
                        || assessment.AssessedAt > seen.At
                        || (assessment.AssessedAt == seen.At && string.CompareOrdinal(assessment.AssignmentId, seen.AssignmentId) >= 0)))
                {
                    latest[i] = (assessment.AssessedAt, assessment.AssignmentId, stateIndex);
                }
            }
        }

        return latest.ToDictionary(kv => kv.Key, kv => kv.Value.State);
    }

    /// <summary>
    /// The model's index of the readiness level <paramref name="level"/> that <paramref name="what"/> of assignment
    /// <paramref name="assignmentId"/> at <paramref name="at"/> <paramref name="verb"/> (an assessment "reports" one, a
    /// review "found" one).
    /// </summary>
    /// <exception cref="InvalidStateException">The level is not a state of the model; the message names the campaign, the report and the model's states.</exception>
    internal static int StateIndex(Campaign campaign, RegisteredDecisionModel model, string level, string what, string verb, string assignmentId, DateTimeOffset at)
    {
        var index = model.Model.IndexOfState(level);
        return index >= 0
            ? index
            : throw new InvalidStateException(
                $"Campaign '{campaign.Id}': {what} of assignment '{assignmentId}' at {at:O} {verb} readiness level '{level}', which is not a state of decision model '{model.Name}' (states: {string.Join(", ", model.Model.States)}).",
                nameof(Campaign),
                campaign.Id);
    }
}

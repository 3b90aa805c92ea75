namespace Crowdsourcing.DecisionCycles;

/// <summary>
/// Runs a campaign's decision cycles with its registered decision model (the CrowdArb paper's steps 5-7) and gives its
/// workshop recommendation. Registered by <c>AddDecisionModels()</c>.
/// </summary>
/// <remarks>
/// <para><b>Weeks.</b> Week 0 begins at <c>Campaign.StartsAt</c>; cycle t is due at <c>StartsAt + t × CycleLength</c>
/// and moves the campaign from week t − 1 to week t. In cycle t the organiser decides from the beliefs of week t − 1.</para>
/// <para><b>What a cycle does</b>, in one <c>ChangeSet</c> (the cycle record, every crowd member's belief, one contact
/// notification per contacted participant), so that it is stored whole or not at all:</para>
/// <list type="number">
/// <item>It loads the campaign's crowd (its selection, limited to the layers its task allows) and their beliefs of week
/// t − 1, as saved by cycle t − 1. A participant without a stored belief starts from the model's prior
/// (<c>RegisteredDecisionModel.InitialBelief</c>, taken as their week-0 belief) moved t − 1 weeks by T; a stored belief of
/// an earlier week is moved by T to week t − 1.</item>
/// <item>It applies what came back: every quality assessment (an accepted or a reopened submission) made after cycle t − 1
/// was decided (its <c>DecidedAt</c>; for cycle 1, since the beginning) and no later than now is a report of week t − 1:
/// the assignees' beliefs become certain in the reported readiness level, whose name is a state of the model. When one
/// participant has several reports in that window the latest counts. Reports of week t − 1 are the answers to cycle
/// t − 1's contacts (made after the intervention acted) and any other submission of that week.</item>
/// <item>It evaluates MEU_0 and the value of every intervention on the week t − 1 beliefs and selects contacts with the
/// configured policy (<c>myopic</c> by default: V_k &gt; c_k), and enqueues one notification of kind <c>contact</c> per
/// contacted participant, with the deterministic id <c>contact:{campaign}:{cycle}:{participant}</c>.</item>
/// <item>It moves every belief to week t: a participant left alone gets b·T; a contacted one gets b·C_k, the
/// non-responder update (or b·T with <c>NonResponderUpdate.PassiveDynamics</c>). Their answer has not arrived yet: it
/// comes during week t, is a report of week t, and replaces this belief with the certain one when cycle t + 1 runs
/// (step 2), which is exactly the engine's update (responders e_x, non-responders b·C_k, others b·T). A contacted
/// participant who never answers keeps b·C_k.</item>
/// <item>It records the cycle: its contacts (participant, intervention, value, cost) and the total expected utility of
/// week t as known when the cycle is decided (before week t's reports).</item>
/// </list>
/// <para><b>Idempotent and ordered.</b> Running a recorded cycle again returns the stored record and contacts nobody;
/// two instances running the same cycle at once store it once (the store's commit is idempotent by campaign and cycle).
/// Cycle t needs cycle t − 1 recorded.</para>
/// </remarks>
public interface IDecisionCycleService
{
    /// <summary>Runs cycle <paramref name="cycle"/> of a campaign (see the remarks of <see cref="IDecisionCycleService"/>).</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="cycle">The cycle t, from 1.</param>
    /// <param name="cancellationToken">Cancels the run; nothing is stored when it is cancelled before the commit.</param>
    /// <returns>The outcome: whom the cycle contacts and why, or the stored record when the cycle was already recorded.</returns>
    /// <exception cref="ArgumentException"><paramref name="campaignId"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cycle"/> is less than 1.</exception>
    /// <exception cref="NotFoundException">The campaign does not exist.</exception>
    /// <exception cref="DecisionModels.DecisionModelNotFoundException">The campaign's decision model is not registered.</exception>
    /// <exception cref="InvalidOperationException">Cycle t − 1 is not recorded; the campaign's task does not exist; a
    /// readiness level of the campaign is not a state of the model; or a stored belief does not fit the model.</exception>
    ValueTask<DecisionCycleOutcome> RunCycleAsync(string campaignId, int cycle, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs the campaign's next cycle when it is due by the campaign's schedule (<c>StartsAt + t × CycleLength</c> ≤ now,
    /// from the injected <see cref="TimeProvider"/>), or before then when an organiser forces it (the record names who, in
    /// <c>ForcedBy</c>). One atomic step: callers at the same time record exactly one cycle and the others get it back with
    /// <see cref="DecisionCycleOutcome.AlreadyRecorded"/>; a call when the next cycle is not due, and not forced, contacts
    /// nobody and returns the latest recorded cycle (already recorded) with <see cref="DecisionCycleOutcome.NextDueAt"/>.
    /// Nor does a call that is not forced run a cycle within <see cref="DecisionCycleOptions.MinimumCycleInterval"/>
    /// (default 1 minute) of the latest cycle's decision, even when the campaign is behind its schedule: it returns the
    /// latest cycle, already recorded. Runs one cycle at
    /// most (a campaign behind its schedule catches up one call at a time, or with <see cref="RunDueCyclesAsync"/>).
    /// </summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="force">Run the next cycle even when it is not due yet.</param>
    /// <param name="cancellationToken">Cancels the run; nothing is stored when it is cancelled before the commit.</param>
    /// <returns>The cycle recorded by this call, or the one another caller recorded, or the latest when none is due.</returns>
    /// <exception cref="ArgumentException"><paramref name="campaignId"/> is empty.</exception>
    /// <exception cref="NotFoundException">The campaign does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise the campaign.</exception>
    /// <exception cref="InvalidStateException">No cycle is recorded and cycle 1 is not due (and not forced); or see <see cref="RunCycleAsync"/>.</exception>
    ValueTask<DecisionCycleOutcome> RunNextCycleAsync(string campaignId, bool force = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// What the next cycle would decide if it ran now, exactly as <see cref="RunCycleAsync"/> will decide if nothing
    /// is reported before it runs: the beliefs of the latest recorded week (or the prior), the reports made since, the
    /// configured contact policy. Nothing is recorded and nobody is contacted.
    /// </summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="cancellationToken">Cancels the preview.</param>
    /// <returns>The preview.</returns>
    /// <exception cref="NotFoundException">The campaign, or its decision model, does not exist.</exception>
    /// <exception cref="InvalidStateException">The campaign does not fit its model, or its task is missing.</exception>
    ValueTask<DecisionCyclePreview> PreviewNextCycleAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The workshop decision on the campaign's current beliefs: those of the latest recorded week (week 0 before the first
    /// cycle) with the reports made since that cycle applied, and priors for participants without a belief. Hold the
    /// workshop when the total expected utility Σ_i MEU(b_i) reaches the campaign's threshold; invite the participants
    /// whose best action is the model's invite action, ranked by expected utility. Changes nothing.
    /// </summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The recommendation.</returns>
    /// <exception cref="ArgumentException"><paramref name="campaignId"/> is empty.</exception>
    /// <exception cref="NotFoundException">The campaign does not exist.</exception>
    /// <exception cref="DecisionModels.DecisionModelNotFoundException">The campaign's decision model is not registered.</exception>
    /// <exception cref="InvalidOperationException">See <see cref="RunCycleAsync"/>.</exception>
    ValueTask<WorkshopRecommendation> GetWorkshopRecommendationAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs every due cycle of every campaign, in order: while <c>StartsAt + t × CycleLength</c> ≤ now for the campaign's
    /// next cycle t (at most <paramref name="maxCyclesPerCampaign"/> per campaign per call). A failing campaign is logged
    /// and reported in the result; the others still run.
    /// </summary>
    /// <param name="maxCyclesPerCampaign">The most cycles run per campaign in this call; positive.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cycles run and the failures.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCyclesPerCampaign"/> is not positive.</exception>
    ValueTask<DueCyclesRun> RunDueCyclesAsync(int maxCyclesPerCampaign = 10, CancellationToken cancellationToken = default);
}

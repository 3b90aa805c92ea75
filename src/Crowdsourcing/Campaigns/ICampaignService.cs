using Crowdsourcing.Crowd;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Campaigns;

/// <summary>
/// Creates campaigns and resolves their crowds, for their organisers. Registered by <c>AddCrowdsourcing()</c>. Who
/// acts is the authenticated actor (<see cref="Access.IActorAccessor"/>); refusals are
/// <see cref="AccessDeniedException"/>s and change nothing.
/// </summary>
public interface ICampaignService
{
    /// <summary>
    /// Stores a new campaign after checking it against the store: the task and the questionnaire exist, every crowd
    /// layer selected is one the task allows, every participant selected by id exists and is of an allowed layer, and
    /// every quality rule and readiness criterion names questions and section groups the questionnaire has (custom
    /// rules: a kind with a registered evaluator). Idempotent by <see cref="Campaign.Id"/>: a retry with the same
    /// content returns the stored campaign. The actor must hold the organiser or administrator role; they are recorded as
    /// <see cref="Campaign.ModifiedBy"/> and added to <see cref="Campaign.OrganiserIds"/>.
    /// </summary>
    /// <param name="campaign">The campaign, version 0.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is stored then.</param>
    /// <returns>The stored campaign (version 1).</returns>
    /// <exception cref="CampaignDefinitionException">The campaign does not fit the store; every problem is listed.</exception>
    /// <exception cref="DuplicateRecordException">Another campaign with the same id is stored.</exception>
    /// <exception cref="AccessDeniedException">The actor is neither an organiser nor an administrator.</exception>
    /// <exception cref="ArgumentException">The campaign's version is not 0.</exception>
    ValueTask<Campaign> CreateAsync(Campaign campaign, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the campaign's decision settings (policy, workshop week or date, threshold, budget per cycle, the
    /// interventions allowed and what each does, the decision model version): a new version of the campaign, stamped with
    /// the actor and the time. The next cycle decides with them.
    /// </summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="settings">The new settings.</param>
    /// <param name="expectedVersion">The campaign version the caller saw; another version is a concurrent edit.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is stored then.</param>
    /// <returns>The stored campaign.</returns>
    /// <exception cref="NotFoundException">No campaign has that id.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise it.</exception>
    /// <exception cref="ConcurrencyConflictException">The campaign's version is not <paramref name="expectedVersion"/>.</exception>
    /// <exception cref="ValidationFailedException">An unregistered policy, a planning policy without a workshop week, an intervention the model does not have, a notification channel that is not registered, or a contacts budget that is not whole; every problem is listed.</exception>
    ValueTask<Campaign> UpdateDecisionSettingsAsync(string campaignId, CampaignDecisionSettings settings, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Gets a campaign, for one of its organisers.</summary>
    /// <exception cref="NotFoundException">No campaign has that id.</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise it.</exception>
    ValueTask<Campaign> GetAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Lists, ordered by id, the campaigns the actor organises (an administrator: every campaign).</summary>
    /// <exception cref="AccessDeniedException">Nobody is signed in (thrown when enumeration starts).</exception>
    IAsyncEnumerable<Campaign> ListAsync(PageRequest page = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists, ordered by id, the campaign's crowd: the participants its <see cref="CrowdSelection"/> selects, limited to
    /// the layers its task allows now (a participant who moved to a layer the task does not allow is left out). The
    /// crowd's personal data: for the campaign's organisers only.
    /// </summary>
    /// <exception cref="NotFoundException">The campaign does not exist (thrown when enumeration starts).</exception>
    /// <exception cref="AccessDeniedException">The actor does not organise it.</exception>
    /// <exception cref="InvalidStateException">Its task does not exist.</exception>
    IAsyncEnumerable<Participant> ListCrowdAsync(string campaignId, CancellationToken cancellationToken = default);
}

using Crowdsourcing.Crowd;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Campaigns;

/// <summary>
/// Creates campaigns and resolves their crowds. Registered by <c>AddCrowdsourcing()</c>.
/// </summary>
public interface ICampaignService
{
    /// <summary>
    /// Stores a new campaign after checking it against the store: the task and the questionnaire exist, every crowd
    /// layer selected is one the task allows, every participant selected by id exists and is of an allowed layer, and
    /// every quality rule and readiness criterion names questions and section groups the questionnaire has (custom
    /// rules: a kind with a registered evaluator). Idempotent by <see cref="Campaign.Id"/>: a retry with the same
    /// content returns the stored campaign.
    /// </summary>
    /// <param name="campaign">The campaign, version 0.</param>
    /// <param name="createdBy">Who creates it (recorded as <see cref="Campaign.ModifiedBy"/>).</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is stored then.</param>
    /// <returns>The stored campaign (version 1).</returns>
    /// <exception cref="CampaignDefinitionException">The campaign does not fit the store; every problem is listed.</exception>
    /// <exception cref="DuplicateRecordException">Another campaign with the same id is stored.</exception>
    /// <exception cref="ArgumentException"><paramref name="createdBy"/> is empty or the campaign's version is not 0.</exception>
    ValueTask<Campaign> CreateAsync(Campaign campaign, string createdBy, CancellationToken cancellationToken = default);

    /// <summary>Gets a campaign.</summary>
    /// <exception cref="NotFoundException">No campaign has that id.</exception>
    ValueTask<Campaign> GetAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>Lists the campaigns ordered by id.</summary>
    IAsyncEnumerable<Campaign> ListAsync(PageRequest page = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists, ordered by id, the campaign's crowd: the participants its <see cref="CrowdSelection"/> selects, limited to
    /// the layers its task allows now (a participant who moved to a layer the task does not allow is left out).
    /// </summary>
    /// <exception cref="NotFoundException">The campaign does not exist (thrown when enumeration starts).</exception>
    /// <exception cref="InvalidStateException">Its task does not exist.</exception>
    IAsyncEnumerable<Participant> ListCrowdAsync(string campaignId, CancellationToken cancellationToken = default);
}

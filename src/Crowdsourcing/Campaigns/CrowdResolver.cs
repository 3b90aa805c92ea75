using Crowdsourcing.Crowd;
using Crowdsourcing.Options;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Campaigns;

/// <summary>
/// A campaign's crowd, the one definition every service uses: the participants its selection picks (layers,
/// qualifications, named participants), limited to the crowd layers its task allows and to active participants (an
/// inactive one, <see cref="Participant.InactiveSince"/>, is never in a crowd), ordered by participant id.
/// </summary>
internal sealed partial class CrowdResolver(ICrowdsourcingStore store, IOptions<CrowdsourcingOptions> options, ILogger<CrowdResolver> logger)
{
    /// <summary>The campaign's task and its crowd, ordered by participant id (ordinal).</summary>
    /// <exception cref="InvalidStateException">The campaign's task does not exist.</exception>
    public async ValueTask<(CrowdTask Task, IReadOnlyList<Participant> Crowd)> ResolveAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var task = await store.Tasks.FindAsync(campaign.TaskId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidStateException(
                $"Campaign '{campaign.Id}': its task '{campaign.TaskId}' does not exist, so its crowd (limited to the layers the task allows) cannot be determined.",
                nameof(Campaign),
                campaign.Id);
        var pageSize = options.Value.PageSize;
        var crowd = new SortedDictionary<string, Participant>(StringComparer.Ordinal);
        foreach (var layer in campaign.Crowd.Layers.Where(task.Allows))
        {
            var pages = StoreExtensions.AllPagesAsync(page => store.Participants.ListByLayerAsync(layer, page, cancellationToken), p => p.Id, pageSize, cancellationToken);
            await foreach (var participant in pages.ConfigureAwait(false))
            {
                if (participant.IsActive && campaign.Crowd.Selects(participant))
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

            var participant = await store.Participants.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (participant is null)
            {
                LogParticipantMissing(logger, campaign.Id, id);
            }
            else if (participant.IsActive && task.Allows(participant.Layer))
            {
                crowd[participant.Id] = participant;
            }
        }

        return (task, [.. crowd.Values]);
    }

    /// <summary>
    /// The campaign's task and the ids of its crowd, in code-point order (<see cref="CodePointComparer"/>), without
    /// reading a participant's record except for those the campaign names one by one: what a decision cycle needs.
    /// </summary>
    /// <exception cref="InvalidStateException">The campaign's task does not exist.</exception>
    public async ValueTask<(CrowdTask Task, string[] Ids)> ResolveIdsAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var task = await store.Tasks.FindAsync(campaign.TaskId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidStateException(
                $"Campaign '{campaign.Id}': its task '{campaign.TaskId}' does not exist, so its crowd (limited to the layers the task allows) cannot be determined.",
                nameof(Campaign),
                campaign.Id);
        var layers = campaign.Crowd.Layers.Where(task.Allows).ToArray();
        var ids = new List<string>();
        if (layers.Length > 0)
        {
            await foreach (var id in store.Participants.ListIdsAsync(layers, campaign.Crowd.Qualifications, cancellationToken).ConfigureAwait(false))
            {
                ids.Add(id);
            }
        }

        var sorted = ids.Count < 2 || IsSorted(ids);
        var named = false;
        foreach (var id in campaign.Crowd.ParticipantIds)
        {
            if (sorted && ids.BinarySearch(id, CodePointComparer.Instance) >= 0 || !sorted && ids.Contains(id, StringComparer.Ordinal))
            {
                continue;
            }

            var participant = await store.Participants.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (participant is null)
            {
                LogParticipantMissing(logger, campaign.Id, id);
            }
            else if (participant.IsActive && task.Allows(participant.Layer))
            {
                ids.Add(participant.Id);
                named = true;
            }
        }

        if (named || !sorted)
        {
            ids.Sort(CodePointComparer.Instance);
        }

        return (task, [.. ids]);
    }

    private static bool IsSorted(List<string> ids)
    {
        for (var i = 1; i < ids.Count; i++)
        {
            if (CodePointComparer.Instance.Compare(ids[i - 1], ids[i]) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "Campaign '{CampaignId}' selects participant '{ParticipantId}', who does not exist; left out of the crowd")]
    private static partial void LogParticipantMissing(ILogger logger, string campaignId, string participantId);
}

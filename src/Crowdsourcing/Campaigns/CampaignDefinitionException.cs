namespace Crowdsourcing.Campaigns;

/// <summary>
/// Thrown when a campaign cannot be created because it does not fit the stored task, questionnaire and participants.
/// <see cref="Problems"/> lists every problem found, each naming the field and the value; nothing was stored.
/// </summary>
public sealed class CampaignDefinitionException : ValidationFailedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="problems">Every problem, in words.</param>
    public CampaignDefinitionException(string campaignId, IReadOnlyList<string> problems)
        : base($"Campaign '{campaignId}' cannot be created: {string.Join(" ", problems ?? [])}", [.. (problems ?? []).Select(p => new ValidationError("campaign", p))])
    {
        CampaignId = campaignId;
        Problems = problems ?? [];
    }

    /// <summary>The campaign.</summary>
    public string CampaignId { get; }

    /// <summary>Every problem found, in words.</summary>
    public IReadOnlyList<string> Problems { get; }
}

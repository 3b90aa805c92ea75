using Crowdsourcing.Campaigns;
using Crowdsourcing.Quality;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

/// <summary>The conformance tests of <see cref="ICampaignStore"/>.</summary>
public abstract class CampaignStoreSpecification : RecordStoreSpecification<Campaign>
{
    /// <inheritdoc/>
    protected override IRecordStore<Campaign> RecordStore => Campaigns;

    /// <inheritdoc/>
    protected override Campaign NewRecord(string id) => Campaign(id);

    /// <inheritdoc/>
    protected override Campaign Changed(Campaign record, string change) =>
        record with { Name = change, QualityRules = [.. record.QualityRules, new MinimumCompletedSectionsRule("extra-" + record.Version, "datacenter", 1)] };

    /// <inheritdoc/>
    protected override Campaign Stamped(Campaign record, long version, string? modifiedBy, DateTimeOffset? modifiedAt) =>
        record with { Version = version, ModifiedBy = modifiedBy, ModifiedAt = modifiedAt };

    /// <inheritdoc/>
    protected override bool MutateInPlace(Campaign record) =>
        Overwrite(record.QualityRules, new MinimumCompletedSectionsRule("mutated", "mutated", 9)) | Overwrite(record.Crowd.ParticipantIds, "mutated");

    [Fact]
    public async Task Find_returns_the_crowd_rules_readiness_reminders_and_incentives_unchanged()
    {
        var campaign = Campaign("c-1");
        await Campaigns.InsertAsync(campaign);

        var found = await Campaigns.FindAsync("c-1");

        Assert.NotNull(found);
        Assert.Equal(Json(campaign with { Version = 1 }), Json(found));
        Assert.Equal(["poor", "fair", "good"], found.Readiness.Levels.Select(l => l.Name));
        Assert.Equal(TimeSpan.FromDays(10), found.Reminders.EscalationDelay);
        Assert.Equal(2, found.Incentives.Count);
    }
}

using Crowdsourcing.Campaigns;
using Crowdsourcing.Quality;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The conformance tests of ICampaignStore.
public abstract partial class CrowdsourcingStoreSpecification
{
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

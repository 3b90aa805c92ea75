namespace Crowdsourcing.Tests.DecisionCycles;

public sealed class WorkshopRecommendationTests
{
    [Fact]
    public async Task Before_any_cycle_it_decides_on_week_zero_with_priors_and_reports()
    {
        using var world = await CycleWorld.CreateAsync(threshold: 50);
        await world.BeliefsAsync(0, ("p1", [0, 0, 1]), ("p2", [1, 0, 0]));
        await world.ReportAsync("a-3", "p3", "fair", world.Start + TimeSpan.FromDays(2));
        world.At(0, TimeSpan.FromDays(3));

        var recommendation = await world.Cycles.GetWorkshopRecommendationAsync(CycleWorld.CampaignId);

        Assert.Equal(0, recommendation.Week);
        Assert.Equal(3, recommendation.Participants);
        Assert.Equal(50, recommendation.TotalExpectedUtility, 9);
        Assert.True(recommendation.Hold);
        Assert.True(recommendation.ThresholdReached);
        Assert.Equal(50, recommendation.Threshold);
        Assert.Equal([(1, "p1", 40.0), (2, "p3", 10.0)], recommendation.Invitees.Select(i => (i.Rank, i.ParticipantId, i.ExpectedUtility)));
        Assert.Equal([0, 1, 0], recommendation.Invitees[1].Belief);
    }

    [Fact]
    public async Task It_uses_the_latest_week_and_says_when_the_threshold_is_not_reached()
    {
        using var world = await CycleWorld.CreateAsync(threshold: 1000);
        await world.BeliefsAsync(0, ("p1", [0, 0, 1]), ("p2", [0, 0, 1]), ("p3", [1, 0, 0]));
        world.At(1);
        await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);
        world.At(1, TimeSpan.FromDays(1));

        var recommendation = await world.Cycles.GetWorkshopRecommendationAsync(CycleWorld.CampaignId);

        Assert.Equal(1, recommendation.Week);
        Assert.False(recommendation.Hold);
        var good = world.Meu(world.Predict([0, 0, 1]));
        Assert.Equal(2 * good + world.Meu(world.Predict([1, 0, 0])), recommendation.TotalExpectedUtility, 9);
        Assert.Equal(["p1", "p2"], recommendation.Invitees.Select(i => i.ParticipantId));
        Assert.Equal([1, 2], recommendation.Invitees.Select(i => i.Rank));
        var stored = await world.Store.Cycles.FindAsync(CycleWorld.CampaignId, 1);
        Assert.Equal(stored!.TotalExpectedUtility, recommendation.TotalExpectedUtility, 9);
        Assert.Single(world.Host.Logs.WithEvent(6105));
        Assert.Contains("Crowdsourcing.DecisionCycle.Workshop", world.Host.Metrics.Activities);
    }

    [Fact]
    public async Task Reports_since_the_latest_cycle_count_and_nothing_is_stored()
    {
        using var world = await CycleWorld.CreateAsync(threshold: 100);
        await world.BeliefsAsync(0, ("p1", [1, 0, 0]), ("p2", [1, 0, 0]), ("p3", [1, 0, 0]));
        world.At(1);
        await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, 1);
        await world.ReportAsync("a-1", "p1", "good", world.Start + CycleWorld.Week + TimeSpan.FromDays(1));
        world.At(1, TimeSpan.FromDays(2));
        var before = await world.StoredBeliefsAsync();

        var recommendation = await world.Cycles.GetWorkshopRecommendationAsync(CycleWorld.CampaignId);

        Assert.Equal("p1", recommendation.Invitees[0].ParticipantId);
        Assert.Equal(40, recommendation.Invitees[0].ExpectedUtility, 12);
        var after = await world.StoredBeliefsAsync();
        Assert.Equal(before["p1"].Probabilities, after["p1"].Probabilities);
    }

    [Fact]
    public async Task Errors_are_clear()
    {
        using var world = await CycleWorld.CreateAsync(model: "unknown");

        await Assert.ThrowsAsync<ArgumentException>(async () => await world.Cycles.GetWorkshopRecommendationAsync(""));
        await Assert.ThrowsAsync<NotFoundException>(async () => await world.Cycles.GetWorkshopRecommendationAsync("nope"));
        var ex = await Assert.ThrowsAsync<Crowdsourcing.DecisionModels.DecisionModelNotFoundException>(async () => await world.Cycles.GetWorkshopRecommendationAsync(CycleWorld.CampaignId));
        Assert.Contains("'unknown'", ex.Message, StringComparison.Ordinal);
    }
}

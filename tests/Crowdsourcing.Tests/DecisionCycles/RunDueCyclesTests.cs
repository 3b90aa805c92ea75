using Crowdsourcing.DecisionCycles;

namespace Crowdsourcing.Tests.DecisionCycles;

public sealed class RunDueCyclesTests
{
    [Fact]
    public async Task Nothing_is_due_before_the_first_cycle_length_has_passed()
    {
        using var world = await CycleWorld.CreateAsync();
        world.At(1, -TimeSpan.FromTicks(1));

        var run = await world.Cycles.RunDueCyclesAsync();

        Assert.Empty(run.Outcomes);
        Assert.Empty(run.Failures);
    }

    [Fact]
    public async Task Due_cycles_run_in_order_up_to_the_limit_and_then_catch_up()
    {
        using var world = await CycleWorld.CreateAsync();
        world.At(1);
        Assert.Equal([1], (await world.Cycles.RunDueCyclesAsync()).Outcomes.Select(o => o.Cycle));
        Assert.Empty((await world.Cycles.RunDueCyclesAsync()).Outcomes);

        world.At(5, TimeSpan.FromDays(3));
        var limited = await world.Cycles.RunDueCyclesAsync(maxCyclesPerCampaign: 3);
        var rest = await world.Cycles.RunDueCyclesAsync();

        Assert.Equal([2, 3, 4], limited.Outcomes.Select(o => o.Cycle));
        Assert.Equal([5], rest.Outcomes.Select(o => o.Cycle));
        Assert.Equal(5, (await world.Store.Cycles.FindLatestAsync(CycleWorld.CampaignId))!.Cycle);
    }

    [Fact]
    public async Task A_failing_campaign_is_reported_and_logged_and_the_others_still_run()
    {
        using var world = await CycleWorld.CreateAsync();
        await world.Store.Campaigns.InsertAsync(CycleWorld.Campaign(id: "a-broken", model: "missing"));
        world.At(1);

        var run = await world.Cycles.RunDueCyclesAsync();

        var failure = Assert.Single(run.Failures);
        Assert.Equal(new DueCycleFailure("a-broken", 1, "No decision model is registered as 'missing'; registered models: crowdarb-paper."), failure);
        Assert.Equal(["c"], run.Outcomes.Select(o => o.CampaignId));
        Assert.Single(world.Host.Logs.WithEvent(6106));
    }

    [Fact]
    public async Task The_limit_must_be_positive()
    {
        using var world = await CycleWorld.CreateAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await world.Cycles.RunDueCyclesAsync(0));
    }
}

using Crowdsourcing.Decision.Learning;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Learning;
using Crowdsourcing.Storage;
using Crowdsourcing.Tests.DecisionCycles;

namespace Crowdsourcing.Tests.Learning;

public sealed class CampaignLearningTests
{
    private const int Participants = 1000;
    private const int Weeks = 10;

    /// <summary>The truth the history is simulated with: slower passive dynamics and a stronger e-mail than the preset's.</summary>
    private static DecisionModel Truth()
    {
        var preset = DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model;
        return preset.With(
            transition: DecisionMatrix.FromRows([0.7, 0.2, 0.1], [0.1, 0.7, 0.2], [0.05, 0.15, 0.8]),
            interventions: [new Intervention("email-campaign", DecisionMatrix.FromRows([0.35, 0.45, 0.2], [0.05, 0.55, 0.4], [0.02, 0.08, 0.9]), 3, 0.5)]);
    }

    [Fact]
    public async Task A_campaign_learns_its_model_from_a_history_simulated_with_known_parameters_and_adopts_it_as_a_new_version()
    {
        var ids = Enumerable.Range(0, Participants).Select(p => "p" + p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        using var world = await CycleWorld.CreateAsync(participants: ids);
        var truth = Truth();
        var log = SyntheticEventLog.Generate(truth, Participants, Weeks, contactProbability: 0.4, observationProbability: 0.3, seed: 11, initialStateShares: [0.6, 0.3, 0.1]);

        // The history in the runtime: cycle t decided at its due time with the log's week-t contacts; each reported state
        // of week w an hour after cycle w was decided (week 0: before cycle 1).
        for (var t = 1; t <= Weeks; t++)
        {
            var contacts = log.Where(e => e.Week == t && e.Intervention is not null).Select(e => new ContactRecord(e.Participant, e.Intervention!, 4, 3)).ToList();
            await world.Store.CommitAsync(new ChangeSet().RecordCycle(new DecisionCycleRecord(CycleWorld.CampaignId, t, world.Start + (t * CycleWorld.Week), contacts, 0)));
        }

        foreach (var report in log.Where(e => e.ReportedState is not null))
        {
            await world.ReportAsync("a-" + report.Participant, report.Participant, report.ReportedState!, world.Start + (report.Week * CycleWorld.Week) + TimeSpan.FromHours(1));
        }

        world.At(Weeks, TimeSpan.FromDays(2));
        var learning = world.Host.Get<ICampaignLearningService>();
        var estimate = await learning.LearnAsync(CycleWorld.CampaignId);

        Assert.Equal(1, estimate.CurrentVersion);
        Assert.Equal((1, Weeks), (estimate.FromCycle, estimate.ToCycle));
        Assert.Equal(log.Count(e => e.Intervention is not null), estimate.Contacts);
        Assert.Equal(log.Count(e => e.ReportedState is not null), estimate.Reports);
        Assert.Equal(Participants, estimate.Learned.Participants);
        Assert.Equal(Participants * Weeks, estimate.Learned.ParticipantWeeks);
        Assert.True(estimate.Learned.Converged);
        Assert.True(estimate.LargestChange > 0.1, $"The history moves the model by {estimate.LargestChange}.");
        AssertClose(truth.Transition, estimate.Learned.Model.Transition, 0.06);
        AssertClose(truth.Interventions[0].Transition, estimate.Learned.Model.Interventions[0].Transition, 0.06);
        Assert.InRange(estimate.Learned.Interventions[0].ResponseRate.Estimate[0], 0.42, 0.58);
        var rate = estimate.Learned.Interventions[0].ResponseRate;
        Assert.InRange(rate.Estimate[0], rate.Lower[0], rate.Upper[0]);
        Assert.True(rate.Upper[0] - rate.Lower[0] is > 0 and < 0.2, $"The interval is [{rate.Lower[0]}, {rate.Upper[0]}].");
        Assert.Equal(new CampaignLearningOptions().PriorStrength, estimate.PriorStrength);

        // How the plan would change: the campaign's policy from now under the current and the learned model.
        var plans = estimate.Plans!;
        Assert.Null(estimate.PlansUnavailable);
        Assert.Equal(Weeks, plans.Week);
        Assert.Equal(Weeks, plans.Current.StartWeek);
        Assert.Equal(21, plans.Learned.Weeks.Count);
        Assert.Equal(plans.Current.Weeks[0].ExpectedTotal, plans.Learned.Weeks[0].ExpectedTotal, 9);
        Assert.NotEqual(plans.Current.Weeks[^1].ExpectedTotal, plans.Learned.Weeks[^1].ExpectedTotal);

        // Adopting it: version 2 of the campaign's model, who, when and from which cycles; a stale version is refused.
        var campaign = (await world.Store.Campaigns.FindAsync(CycleWorld.CampaignId))!;
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await learning.AdoptAsync(CycleWorld.CampaignId, campaign.Version - 1));
        var adopted = await learning.AdoptAsync(CycleWorld.CampaignId, campaign.Version);
        Assert.Equal(campaign.Version + 1, adopted.Version);
        Assert.Equal(2, adopted.Decision.ModelVersion);
        var version = Assert.Single(adopted.Decision.ModelVersions);
        Assert.Equal((2, 1, Weeks, 1), (version.Version, version.FromCycle, version.ToCycle, version.LearnedFromVersion));
        Assert.Equal(world.Host.Time.GetUtcNow(), version.AdoptedAt);
        Assert.Equal(adopted.ModifiedBy, version.AdoptedBy);
        Assert.Equal(estimate.Learned.Model.Transition.ToRows(), version.Transition.Select(r => r.ToArray()));

        // The next cycle decides with it and says so; learning again starts from it.
        world.At(Weeks + 1);
        var next = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, Weeks + 1);
        Assert.Equal(2, next.Record.ModelVersion);
        var evaluator = new Decision.Beliefs.DecisionEvaluator(estimate.Learned.Model);
        Assert.All(next.Contacts, c => Assert.Equal(evaluator.InterventionValue(Decision.Beliefs.Belief.Create([.. c.Belief])), c.Value, 9));
        var again = await learning.LearnAsync(CycleWorld.CampaignId);
        Assert.Equal(2, again.CurrentVersion);
        Assert.Equal(estimate.Learned.Model.Transition, again.Current.Transition);
    }

    [Fact]
    public async Task A_short_history_stays_near_the_current_model_under_the_prior_and_without_it_follows_the_few_counts()
    {
        var centred = await LearnShortHistoryAsync(10);
        var flat = await LearnShortHistoryAsync(0);
        var strong = await LearnShortHistoryAsync(1000);
        Assert.Equal((10.0, 0.0), (centred.PriorStrength, flat.PriorStrength));
        Assert.True(flat.LargestChange > 0.3, $"Without a prior a dozen participant-weeks move the model by {flat.LargestChange}.");
        Assert.True(centred.LargestChange < flat.LargestChange * 0.6, $"With a prior of 10: {centred.LargestChange}; without: {flat.LargestChange}.");
        Assert.True(strong.LargestChange < 0.02, $"With a prior of 1000: {strong.LargestChange}.");

        // The intervals are the posterior's: the prior's pseudo-observations narrow them.
        var rate = centred.Learned.Interventions[0].ResponseRate;
        var flatRate = flat.Learned.Interventions[0].ResponseRate;
        Assert.True(rate.Upper[0] - rate.Lower[0] < flatRate.Upper[0] - flatRate.Lower[0]);
    }

    private static async Task<CampaignModelEstimate> LearnShortHistoryAsync(double strength)
    {
        var ids = Enumerable.Range(0, 12).Select(p => "p" + p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        using var world = await CycleWorld.CreateAsync(participants: ids, services: s => Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure<CampaignLearningOptions>(s, o => o.PriorStrength = strength));
        var log = SyntheticEventLog.Generate(Truth(), ids.Count, 1, contactProbability: 0.5, observationProbability: 1.0, seed: 5, initialStateShares: [0.6, 0.3, 0.1]);
        var contacts = log.Where(e => e.Week == 1 && e.Intervention is not null).Select(e => new ContactRecord(e.Participant, e.Intervention!, 4, 3)).ToList();
        await world.Store.CommitAsync(new ChangeSet().RecordCycle(new DecisionCycleRecord(CycleWorld.CampaignId, 1, world.Start + CycleWorld.Week, contacts, 0)));
        foreach (var report in log.Where(e => e.ReportedState is not null))
        {
            await world.ReportAsync("a-" + report.Participant + "-" + report.Week.ToString(System.Globalization.CultureInfo.InvariantCulture), report.Participant, report.ReportedState!, world.Start + (report.Week * CycleWorld.Week) + TimeSpan.FromHours(1));
        }

        world.At(1, TimeSpan.FromDays(2));
        return await world.Host.Get<ICampaignLearningService>().LearnAsync(CycleWorld.CampaignId);
    }

    [Fact]
    public async Task Learning_before_any_cycle_says_there_is_nothing_to_learn_from()
    {
        using var world = await CycleWorld.CreateAsync();
        var ex = await Assert.ThrowsAsync<InvalidStateException>(async () => await world.Host.Get<ICampaignLearningService>().LearnAsync(CycleWorld.CampaignId));
        Assert.Contains("no recorded cycle yet", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertClose(DecisionMatrix expected, DecisionMatrix actual, double tolerance)
    {
        for (var x = 0; x < expected.RowCount; x++)
        {
            for (var y = 0; y < expected.ColumnCount; y++)
            {
                Assert.True(Math.Abs(expected[x, y] - actual[x, y]) <= tolerance, $"Entry ({x}, {y}): expected {expected[x, y]:0.###}, learned {actual[x, y]:0.###}.");
            }
        }
    }
}

using System.Globalization;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Learning;
using Crowdsourcing.Quality;
using Crowdsourcing.Storage;
using Crowdsourcing.Tests.DecisionCycles;
using Crowdsourcing.Tests.Support;

namespace Crowdsourcing.Tests.Learning;

/// <summary>The campaign learner estimates the report model O from analysts' reviews recorded in the runtime.</summary>
public sealed class ReportReviewLearningTests
{
    /// <summary>The stated tolerance: every entry of the learned O within 0.06 of the truth.</summary>
    private const double Tolerance = 0.06;

    private const int Participants = 1500;
    private const int Weeks = 8;

    /// <summary>How participants at one level are reported after the e-mail: the truth the history is simulated with.</summary>
    private static readonly DecisionMatrix TrueNoise = DecisionMatrix.FromRows([0.8, 0.2, 0], [0.1, 0.75, 0.15], [0, 0.1, 0.9]);

    private static DecisionModel Truth
    {
        get
        {
            var paper = DecisionPresets.Get(DecisionPresets.CrowdArbPaper).Model;
            return paper.With(interventions: [paper.Interventions[0].WithReportModel(TrueNoise), .. paper.Interventions.Skip(1)]);
        }
    }

    /// <summary>
    /// The history in the runtime: cycle t decided at its due time with its contacts; a contacted participant who
    /// responds is reported (through O) an hour after the cycle, on their own request "a-{participant}"; week 0's level
    /// is reported truly before cycle 1. An analyst reviews each report after a contact with probability
    /// <paramref name="reviewShare"/>, through the runtime's review service.
    /// </summary>
    private static async Task<CycleWorld> HistoryAsync(double reviewShare, int seed)
    {
        var ids = Enumerable.Range(0, Participants).Select(p => "p" + p.ToString(CultureInfo.InvariantCulture)).ToList();
        // The learner's forecasts look the default 20 weeks ahead: with the learned noisy O each report leaves its own
        // posterior, and the forecast's classes stay within PlanForecastOptions.MaxClasses by merging close beliefs.
        var world = await CycleWorld.CreateAsync(participants: ids);
        var truth = Truth;
        var email = truth.Interventions[0];
        var random = new Random(seed);
        static int Draw(ReadOnlySpan<double> distribution, double u)
        {
            for (var i = 0; i < distribution.Length - 1; i++)
            {
                u -= distribution[i];
                if (u < 0)
                {
                    return i;
                }
            }

            return distribution.Length - 1;
        }

        var contacts = Enumerable.Range(0, Weeks + 1).Select(_ => new List<ContactRecord>()).ToArray();
        var reports = new List<(string Participant, int Week, string Level, string? Reviewed)>();
        foreach (var participant in ids)
        {
            var x = Draw([0.6, 0.3, 0.1], random.NextDouble());
            reports.Add((participant, 0, truth.States[x], null));
            for (var t = 1; t <= Weeks; t++)
            {
                if (random.NextDouble() < 0.6)
                {
                    contacts[t].Add(new ContactRecord(participant, email.Name, 4, 3));
                    var responds = random.NextDouble() < email.GetResponseRate(x);
                    x = Draw(email.Transition.GetRow(x), random.NextDouble());
                    if (responds)
                    {
                        var reported = Draw(TrueNoise.GetRow(x), random.NextDouble());
                        reports.Add((participant, t, truth.States[reported], random.NextDouble() < reviewShare ? truth.States[x] : null));
                    }
                }
                else
                {
                    x = Draw(truth.Transition.GetRow(x), random.NextDouble());
                }
            }
        }

        for (var t = 1; t <= Weeks; t++)
        {
            await world.Store.CommitAsync(new ChangeSet().RecordCycle(new DecisionCycleRecord(CycleWorld.CampaignId, t, world.Start + (t * CycleWorld.Week), contacts[t], 0)));
        }

        var reviews = world.Host.Get<IReportReviewService>();
        foreach (var (participant, week, level, reviewed) in reports)
        {
            var at = world.Start + (week * CycleWorld.Week) + TimeSpan.FromHours(1);
            await world.ReportAsync("a-" + participant, participant, level, at);
            if (reviewed is not null)
            {
                await reviews.ReviewAsync("a-" + participant, new ReportReviewInput(at, reviewed));
            }
        }

        world.At(Weeks, TimeSpan.FromDays(2));
        return world;
    }

    [Fact]
    public async Task Reviews_on_a_subset_of_the_reports_let_the_campaign_learn_the_noisy_report_model_adopt_it_and_decide_with_it()
    {
        using var world = await HistoryAsync(reviewShare: 0.4, seed: 3);
        var learning = world.Host.Get<ICampaignLearningService>();

        var estimate = await learning.LearnAsync(CycleWorld.CampaignId);

        var reviewed = (await TestHost.ToListAsync(world.Store.ReportReviews.ListByCampaignAsync(CycleWorld.CampaignId))).Count;
        Assert.True(reviewed > 500, $"{reviewed} reviews");
        Assert.Equal(reviewed, estimate.ReviewedReports);
        Assert.Null(estimate.Current.Interventions[0].ReportModel);
        var email = estimate.Learned.Interventions[0];
        Assert.Equal(reviewed, email.ReviewedReports);
        var o = email.ReportModel!;
        for (var x = 0; x < 3; x++)
        {
            for (var y = 0; y < 3; y++)
            {
                Assert.True(Math.Abs(TrueNoise[x, y] - o.Estimate[x, y]) <= Tolerance, $"O[{x},{y}]: learned {o.Estimate[x, y]:0.###}, true {TrueNoise[x, y]}.");
                Assert.InRange(o.Estimate[x, y], o.Lower[x, y], o.Upper[x, y]);
            }
        }

        Assert.Equal(o.Estimate, estimate.Learned.Model.Interventions[0].ReportModel);

        // Both plans are forecast over the default weeks; the learned model's noisy reports make its forecast approximate.
        var plans = estimate.Plans!;
        Assert.Null(estimate.PlansUnavailable);
        Assert.Equal(new CampaignLearningOptions().ForecastWeeks + 1, plans.Learned.Weeks.Count);
        Assert.Equal(plans.Current.Weeks.Count, plans.Learned.Weeks.Count);
        Assert.False(plans.Current.IsApproximate);
        Assert.True(plans.Learned.IsApproximate);
        Assert.All(plans.Learned.Weeks, w => Assert.True(double.IsFinite(w.ExpectedTotal) && double.IsFinite(w.StandardDeviation)));

        // Adopting keeps the learned O in the model version; the next cycle decides with it.
        var campaign = (await world.Store.Campaigns.FindAsync(CycleWorld.CampaignId))!;
        var adopted = await learning.AdoptAsync(CycleWorld.CampaignId, campaign.Version);
        var version = Assert.Single(adopted.Decision.ModelVersions);
        var kept = version.Interventions.Single(k => k.Name == email.Name).ReportModel!;
        Assert.Equal(o.Estimate.ToRows(), kept.Select(r => r.ToArray()));
        var reloaded = (await world.Store.Campaigns.FindAsync(CycleWorld.CampaignId))!.Decision.AdoptedModel!;
        Assert.Equal(kept.Select(r => r.ToArray()), reloaded.Interventions.Single(k => k.Name == email.Name).ReportModel!.Select(r => r.ToArray()));

        world.At(Weeks + 1);
        var next = await world.Cycles.RunCycleAsync(CycleWorld.CampaignId, Weeks + 1);
        Assert.Equal(2, next.Record.ModelVersion);
        Assert.NotEmpty(next.Contacts);
        var noisy = new DecisionEvaluator(estimate.Learned.Model);
        var atTheirWord = new DecisionEvaluator(estimate.Learned.Model.With(interventions: [.. estimate.Learned.Model.Interventions.Select(k => k.WithReportModel(null))]));
        Assert.All(next.Contacts, c => Assert.Equal(noisy.InterventionValue(Belief.Create([.. c.Belief])), c.Value, 9));
        Assert.Contains(next.Contacts, c => Math.Abs(atTheirWord.InterventionValue(Belief.Create([.. c.Belief])) - c.Value) > 1e-6);

        var again = await learning.LearnAsync(CycleWorld.CampaignId);
        Assert.Equal(o.Estimate, again.Current.Interventions[0].ReportModel);
    }

    [Fact]
    public async Task Without_reviews_no_report_model_is_learned_or_adopted_and_reports_are_taken_at_their_word()
    {
        using var world = await HistoryAsync(reviewShare: 0, seed: 3);
        var learning = world.Host.Get<ICampaignLearningService>();

        var estimate = await learning.LearnAsync(CycleWorld.CampaignId);
        var campaign = (await world.Store.Campaigns.FindAsync(CycleWorld.CampaignId))!;
        var adopted = await learning.AdoptAsync(CycleWorld.CampaignId, campaign.Version);

        Assert.Equal(0, estimate.ReviewedReports);
        Assert.All(estimate.Learned.Interventions, k =>
        {
            Assert.Equal(0, k.ReviewedReports);
            Assert.Null(k.ReportModel);
        });
        Assert.All(estimate.Learned.Model.Interventions, k => Assert.Null(k.ReportModel));
        Assert.All(adopted.Decision.AdoptedModel!.Interventions, k => Assert.Null(k.ReportModel));
        Assert.All(CampaignModels.Apply(estimate.Current, adopted.Decision.AdoptedModel!).Interventions, k => Assert.Null(k.ReportModel));
    }
}

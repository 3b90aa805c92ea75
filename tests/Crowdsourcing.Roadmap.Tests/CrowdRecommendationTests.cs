using Crowdsourcing.Crowd;
using Crowdsourcing.Incentives;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Licensing;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>The crowd bullets of the issue, over the built-in catalogue.</summary>
public class CrowdRecommendationTests
{
    private static readonly RoadmapPlanner Planner = new();

    [Fact]
    public void Sensitive_work_is_never_open_and_stays_close_or_goes_through_a_broker()
    {
        foreach (var initiative in Specs.Pool.Where(i => i.Sensitivity is Confidentiality.Confidential or Confidentiality.Secret))
        {
            var plan = Planner.Plan(initiative);
            Assert.NotEqual(CrowdConfiguration.Open, plan.Crowd.Configuration);
            var open = plan.Crowd.Configurations.Single(c => c.Option == CrowdConfiguration.Open);
            Assert.True(open.Excluded);
            Assert.StartsWith("Excluded: sensitivity", open.Reason, StringComparison.Ordinal);
            Assert.Equal(CrowdConfiguration.Open, plan.Crowd.Configurations[^1].Option);
        }
    }

    [Fact]
    public void Secret_core_work_goes_internal_with_internal_layer_first()
    {
        var plan = Planner.Plan(Specs.Baseline("sensitivity=secret;problemDistance=core;market=b2b"));
        Assert.Equal(CrowdConfiguration.Internal, plan.Crowd.Configuration);
        Assert.Equal([CrowdLayer.Internal, CrowdLayer.TrustedPartners], plan.Crowd.Layers.Take(2).Select(l => l.Option));
        Assert.Equal(CrowdLayer.General, plan.Crowd.Layers[^1].Option);
    }

    [Fact]
    public void Secret_distant_work_goes_through_a_reputable_broker()
    {
        var plan = Planner.Plan(Specs.Baseline("sensitivity=secret;problemDistance=distant"));
        Assert.Equal(CrowdConfiguration.ViaBroker, plan.Crowd.Configuration);
    }

    [Fact]
    public void A_distant_problem_ranks_the_general_crowd_first()
    {
        var plan = Planner.Plan(Specs.Baseline("problemDistance=distant;goal=problem-solving"));
        Assert.Equal(CrowdLayer.General, plan.Crowd.TopLayer);
        Assert.Contains("searching away from the problem field", plan.Crowd.Layers[0].Reason, StringComparison.Ordinal);
        Assert.Contains(plan.Crowd.Layers[0].Sources, s => s.Contains("Afuah and Tucci", StringComparison.Ordinal));
        Assert.NotEqual(CrowdConfiguration.Internal, plan.Crowd.Configuration);
    }

    [Theory]
    [InlineData("micro-task", "production-work")]
    [InlineData("macro-task", "knowledge-discovery")]
    public void Macro_and_micro_tasks_point_to_a_broker(string kind, string goal)
    {
        foreach (var sensitivity in new[] { "public", "internal", "confidential" })
        {
            var plan = Planner.Plan(Specs.Baseline($"taskKind={kind};goal={goal};sensitivity={sensitivity}"));
            Assert.Equal(CrowdConfiguration.ViaBroker, plan.Crowd.Configuration);
        }
    }

    [Fact]
    public void A_small_b2b_market_that_needs_a_big_crowd_suggests_b2b_plus_c()
    {
        var plan = Planner.Plan(Specs.Baseline("market=b2b;needs.volume=high"));
        var rec = plan[RoadmapStage.SelectTheCrowd].Recommendations.Single(r => r.Id == "crowd.b2bc");
        Assert.Contains("B2(B+C)", rec.Text, StringComparison.Ordinal);
        Assert.Contains("market is b2b", rec.Reason, StringComparison.Ordinal);
        Assert.Contains("high volume", rec.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Layers_are_ranked_best_first_with_all_four_layers_and_reasons()
    {
        foreach (var initiative in Specs.Pool.Take(50))
        {
            var layers = Planner.Plan(initiative).Crowd.Layers;
            Assert.Equal(4, layers.Count);
            Assert.Equal(4, layers.Select(l => l.Option).Distinct().Count());
            Assert.True(layers.Zip(layers.Skip(1)).All(p => p.First.Score >= p.Second.Score));
            Assert.All(layers, l => Assert.False(string.IsNullOrWhiteSpace(l.Reason)));
            Assert.All(layers, l => Assert.NotEmpty(l.Sources));
        }
    }

    [Fact]
    public void Innovation_aims_at_intrinsic_motivation_and_micro_tasks_at_extrinsic()
    {
        Assert.Equal(Motivation.Intrinsic, Planner.Plan(Specs.Baseline()).Motivation.Option);
        Assert.Equal(Motivation.Extrinsic, Planner.Plan(Specs.Baseline("goal=production-work;taskKind=micro-task")).Motivation.Option);
        Assert.Equal(Motivation.InternalizedExtrinsic, Planner.Plan(Specs.Baseline("goal=problem-solving;market=b2b")).Motivation.Option);
    }

    [Theory]
    [InlineData(true, true, false, "CC BY 4.0")]
    [InlineData(true, true, true, "CC BY-SA 4.0")]
    [InlineData(true, false, false, "CC BY-ND 4.0")]
    [InlineData(false, true, false, "CC BY-NC 4.0")]
    [InlineData(false, true, true, "CC BY-NC-SA 4.0")]
    [InlineData(false, false, false, "CC BY-NC-ND 4.0")]
    public void Creative_commons_licence_follows_the_conditions(bool commercial, bool derivatives, bool shareAlike, string code)
    {
        var licence = CreativeCommons.Choose(new IpConditions(commercial, derivatives, shareAlike));
        Assert.Equal(code, licence.Code);
        Assert.Equal($"https://creativecommons.org/licenses/{code[3..^4].ToLowerInvariant()}/4.0/", licence.Url.ToString());
        var plan = Planner.Plan(Specs.Baseline($"ipPolicy={(commercial ? "yes" : "no")},{(derivatives ? "yes" : "no")},{(shareAlike ? "yes" : "no")}"));
        Assert.Equal(code, plan.IpPolicy!.Licence.Code);
        Assert.Contains(plan.CrossCutting.Recommendations, r => r.Id == "ip.licence" && r.Text.Contains(code, StringComparison.Ordinal));
    }
}

using Crowdsourcing.Crowd;
using Crowdsourcing.Incentives;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Licensing;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>The crowd: layers ranked, and the approach and configuration derived from the ranking and the sensitivity.</summary>
public class CrowdRecommendationTests
{
    private static readonly RoadmapPlanner Planner = new();

    [Fact]
    public void Only_public_work_gets_an_open_call_and_secret_work_gets_no_broker()
    {
        foreach (var initiative in Specs.Pool)
        {
            var plan = Planner.Plan(initiative);
            var open = plan.Crowd.Configurations.Single(c => c.Option == CrowdConfiguration.Open);
            var broker = plan.Crowd.Configurations.Single(c => c.Option == CrowdConfiguration.ViaBroker);
            Assert.Equal(initiative.Sensitivity != Confidentiality.Public, open.Excluded);
            Assert.Equal(initiative.Sensitivity == Confidentiality.Secret, broker.Excluded);
            if (open.Excluded)
            {
                Assert.StartsWith($"Excluded: sensitivity {EnumNames.Of(initiative.Sensitivity)}: an open call publishes the brief to anyone", open.Reason, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Secret_work_stays_with_the_firm_and_its_trusted_partners_even_when_the_problem_is_distant()
    {
        var plan = Planner.Plan(Specs.Baseline("sensitivity=secret;problemDistance=distant"));
        Assert.Equal(SourcingApproach.Inside, plan.Crowd.Approach);
        Assert.Equal([CrowdConfiguration.Internal], plan.Crowd.Used);
        Assert.All(plan.Crowd.Layers.Where(l => l.Option is CrowdLayer.Prequalified or CrowdLayer.General), l => Assert.True(l.Excluded));
        var flag = plan.Flags.Single(f => f.Id == "flag.distant.inside");
        Assert.Equal(["$.problemDistance", "$.sensitivity"], flag.Paths);
        Assert.Contains("secret work", flag.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_distant_public_problem_ranks_the_general_crowd_first_and_goes_outside()
    {
        var plan = Planner.Plan(Specs.Baseline("problemDistance=distant;goal=problem-solving"));
        Assert.Equal(CrowdLayer.General, plan.Crowd.TopLayer);
        Assert.Contains("searching away from the problem field", plan.Crowd.Layers[0].Reason, StringComparison.Ordinal);
        Assert.Contains(plan.Crowd.Layers[0].Sources, s => s is PaperPassage p && p.Quote.Contains("the ‘general crowd’ should be enlisted", StringComparison.Ordinal));
        Assert.Equal(SourcingApproach.Outside, plan.Crowd.Approach);
        Assert.NotEqual(CrowdConfiguration.Internal, plan.Crowd.Configuration);
    }

    [Theory]
    [InlineData("micro-task", "production-work")]
    [InlineData("macro-task", "knowledge-discovery")]
    public void Macro_and_micro_tasks_for_the_outside_crowd_point_to_a_broker(string kind, string goal)
    {
        foreach (var sensitivity in new[] { "public", "internal", "confidential" })
        {
            var plan = Planner.Plan(Specs.Baseline($"taskKind={kind};goal={goal};sensitivity={sensitivity};problemDistance=distant;needs.volume=high"));
            Assert.Equal(CrowdConfiguration.ViaBroker, plan.Crowd.External);
        }
    }

    [Fact]
    public void The_configuration_follows_the_top_layer()
    {
        foreach (var plan in Specs.Pool.Select(Planner.Plan))
        {
            var inside = plan.Crowd.TopLayer is CrowdLayer.Internal or CrowdLayer.TrustedPartners;
            Assert.Equal(inside, plan.Crowd.Configuration == CrowdConfiguration.Internal);
            Assert.Equal(plan.Crowd.Configuration, plan.Crowd.Approach == SourcingApproach.Hybrid && inside ? plan.Crowd.Used[0] : plan.Crowd.Used[^1]);
        }
    }

    [Fact]
    public void When_the_best_inside_and_outside_layers_are_close_the_plan_runs_a_hybrid()
    {
        // Internal and public work on a core problem that needs volume: the firm's people and the general crowd score alike.
        var plan = Planner.Plan(Specs.Baseline("sensitivity=internal;problemDistance=core;market=b2b;needs.volume=high;taskKind=self-organized"));
        Assert.Equal(SourcingApproach.Hybrid, plan.Crowd.Approach);
        Assert.Equal(CrowdConfiguration.Internal, plan.Crowd.Used[0]);
        Assert.Equal(CrowdConfiguration.ViaBroker, plan.Crowd.Used[1]);
        Assert.StartsWith("The best inside layer, ", plan.Crowd.Reason, StringComparison.Ordinal);
        Assert.Contains($"within {RoadmapPlanner.HybridMargin} points: the plan runs both (hybrid)", plan.Crowd.Reason, StringComparison.Ordinal);
        var ids = RuleTests.Ids(plan);
        Assert.Contains("crowd.hybrid", ids);
        Assert.Contains("reach.invitations", ids);
        Assert.Contains("reach.broker", ids);
        Assert.Contains(plan.Crowd.Sources, s => s is PaperPassage p && p.Quote.Contains("or using a hybrid approach", StringComparison.Ordinal));
    }

    [Fact]
    public void Layers_are_ranked_best_first_with_all_four_layers_reasons_and_sources()
    {
        foreach (var initiative in Specs.Pool.Take(100))
        {
            var layers = Planner.Plan(initiative).Crowd.Layers;
            Assert.Equal(4, layers.Select(l => l.Option).Distinct().Count());
            Assert.True(layers.Where(l => !l.Excluded).Zip(layers.Where(l => !l.Excluded).Skip(1)).All(p => p.First.Score >= p.Second.Score));
            Assert.All(layers, l => Assert.False(string.IsNullOrWhiteSpace(l.Reason)));
            Assert.All(layers, l => Assert.NotEmpty(l.Sources));
        }
    }

    [Fact]
    public void A_tie_is_shown_with_how_it_was_settled_and_the_single_changes_that_break_it()
    {
        var plan = Planner.Plan(Specs.Baseline("goal=funding;taskKind=crowdfunding;market=b2b-c"));
        var tie = plan.Ties.Single(t => t.Choice == ScoreChoice.Configuration);
        Assert.Equal(["via-broker", "open"], tie.Options);
        Assert.StartsWith("via-broker comes before open on a tie", tie.SettledBy, StringComparison.Ordinal);
        Assert.Contains(new TieBreaker("$.platform", "own", "open"), tie.Breakers);
        Assert.Contains(new TieBreaker("$.platform", "broker", "via-broker"), tie.Breakers);
        Assert.Contains(new TieBreaker("$.market", "b2b", "via-broker"), tie.Breakers);

        // Each breaker, applied, does break the tie in favour of the option it names.
        foreach (var breaker in tie.Breakers.Where(b => b.Field is "$.platform" or "$.market"))
        {
            var changed = Planner.Plan(Specs.Baseline($"goal=funding;taskKind=crowdfunding;market=b2b-c;{breaker.Field[2..]}={breaker.Value}"));
            Assert.Equal(breaker.Favours, EnumNames.Of(changed.Crowd.External!.Value));
            Assert.DoesNotContain(changed.Ties, t => t.Choice == ScoreChoice.Configuration);
        }
    }

    [Fact]
    public void Innovation_aims_at_intrinsic_motivation_micro_tasks_at_extrinsic_and_a_zero_budget_rules_out_pay()
    {
        Assert.Equal(Motivation.Intrinsic, Planner.Plan(Specs.Baseline()).Motivation.Option);
        Assert.Equal(Motivation.Extrinsic, Planner.Plan(Specs.Baseline("goal=production-work;taskKind=micro-task")).Motivation.Option);
        Assert.Equal(Motivation.InternalizedExtrinsic, Planner.Plan(Specs.Baseline("goal=problem-solving;market=b2b")).Motivation.Option);
        var zero = Planner.Plan(Specs.Baseline("goal=production-work;taskKind=micro-task;budget=0"));
        Assert.NotEqual(Motivation.Extrinsic, zero.Motivation.Option);
        Assert.True(zero.Motivations.Single(m => m.Option == Motivation.Extrinsic).Excluded);
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
        Assert.Contains(plan.IpPolicy.Sources, s => s is PaperPassage p && p.Quote.Contains("six different licenses", StringComparison.Ordinal));
    }
}

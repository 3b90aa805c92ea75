using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Planning;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>Every input counts, and the advice the papers give that earlier plans left out.</summary>
public class AdviceTests
{
    private static readonly RoadmapPlanner Planner = new();

    private static HashSet<string> Ids(string modifications) => RuleTests.Ids(Planner.Plan(Specs.Baseline(modifications)));

    [Fact]
    public void The_budget_amount_and_its_currency_size_the_prize_ladder()
    {
        string Ladder(string budget) => Planner.Plan(Specs.Baseline($"budget={budget}"))[RoadmapStage.MotivateTheCrowd].Recommendations.Single(r => r.Id == "motivation.prize-ladder.budget").Text;

        Assert.EndsWith("with 500 EUR, a prize pool of 250 EUR: 143 / 71 / 36 EUR.", Ladder("500"), StringComparison.Ordinal);
        Assert.EndsWith("with 10,000,000 USD, a prize pool of 5,000,000 USD: 2,857,143 / 1,428,571 / 714,286 USD.", Ladder("10000000 USD"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_budget_replaces_prizes_and_pay_and_is_flagged()
    {
        var zero = Planner.Plan(Specs.Baseline("budget=0"));
        var ids = RuleTests.Ids(zero);
        Assert.Contains("motivation.contest.non-monetary", ids);
        Assert.DoesNotContain("motivation.prize-ladder.budget", ids);
        Assert.DoesNotContain("motivation.prize-ladder-fixed", ids);
        var flag = zero.Flags.Single(f => f.Id == "flag.budget-zero.contest");
        Assert.Equal(["$.budget.amount", "$.taskKind"], flag.Paths);
        Assert.StartsWith("The budget is 0 EUR, so the contest cannot pay prizes", flag.Text, StringComparison.Ordinal);

        var micro = Ids("budget=0;taskKind=micro-task;goal=production-work");
        Assert.Contains("flag.budget-zero.micro-task", micro);
        Assert.DoesNotContain("motivation.micro-task.pay", micro);
    }

    [Fact]
    public void Without_the_means_for_an_own_environment_the_plan_points_to_an_existing_platform_or_a_broker()
    {
        var poor = Ids("budget=0;platform=own");
        Assert.Contains("env.no-means", poor);
        Assert.Contains("flag.budget-zero.own-platform", poor);
        Assert.DoesNotContain("env.platform.own", poor);

        var funded = Ids("budget=20000;platform=own");
        Assert.Contains("env.platform.own", funded);
        Assert.DoesNotContain("env.no-means", funded);

        var secret = Planner.Plan(Specs.Baseline("budget=0;platform=own;sensitivity=secret"));
        Assert.Contains(secret[RoadmapStage.CreateTheEnvironment].Recommendations, r => r.Id == "env.no-means.secret" && r.Text.Contains("no broker", StringComparison.Ordinal));
    }

    [Fact]
    public void Budgets_of_0_500_and_10_million_give_three_different_plans()
    {
        var plans = new[] { "0", "500", "10000000" }.Select(b => Markdown(Planner.Plan(Specs.Baseline($"budget={b}")))).ToList();
        Assert.Equal(3, plans.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Estimated_costs_above_the_budget_are_flagged_in_the_budgets_currency()
    {
        var json = Specs.Json("taskKind=micro-task;goal=production-work;problemDistance=distant;budget=20000")
            .Replace("\"platform\":\"either\"", "\"platform\":\"either\",\"appraisal\":{\"valueOfAcceptableResult\":100000,\"leakageLoss\":0,\"estimates\":[{\"configuration\":\"via-broker\",\"probabilityAcceptable\":0.9,\"cost\":35000,\"timeWeeks\":4,\"leakageRisk\":0}]}", StringComparison.Ordinal);
        var plan = Planner.Plan(Json.InitiativeJson.Parse(json));
        var flag = plan.Flags.Single(f => f.Id == "flag.budget.short");
        Assert.Equal("The estimated cost of the configurations the plan uses, 35,000 EUR, exceeds the budget of 20,000 EUR.", flag.Text);
    }

    [Fact]
    public void Capability_changes_the_advice()
    {
        Assert.Contains("crowd.capability", Ids("needs.capability=high"));
        Assert.DoesNotContain("crowd.capability", Ids("needs.capability=medium"));
        Assert.Contains("flag.capability.micro-task", Ids("needs.capability=high;taskKind=micro-task;goal=production-work"));
    }

    [Fact]
    public void Secret_and_confidential_work_get_different_advice()
    {
        var confidential = Planner.Plan(Specs.Baseline("sensitivity=confidential;problemDistance=distant"));
        var secret = Planner.Plan(Specs.Baseline("sensitivity=secret;problemDistance=distant"));
        Assert.Contains("crowd.risk.leakage.confidential", RuleTests.Ids(confidential));
        Assert.Contains("ip.reserved.confidential", RuleTests.Ids(confidential));
        Assert.Contains("crowd.risk.leakage.secret", RuleTests.Ids(secret));
        Assert.Contains("ip.reserved.secret", RuleTests.Ids(secret));
        Assert.NotEqual(SourcingApproach.Inside, confidential.Crowd.Approach);
        Assert.Equal(SourcingApproach.Inside, secret.Crowd.Approach);
    }

    [Fact]
    public void The_cluster_stage_decides_which_barriers_come_first_and_which_level_to_examine_first()
    {
        Risk First(string stage) => Planner.Plan(Specs.Baseline($"cluster=micro/{stage}")).CrossCutting.Risks[0];
        Assert.Equal(("cluster.barrier.absorption.financial", RiskPriority.High), (First("embryonic").Id, First("embryonic").Priority));
        Assert.Equal(("cluster.barrier.spin-offs.specialisation", RiskPriority.High), (First("mature").Id, First("mature").Priority));
        Assert.Equal(("cluster.barrier.absorption.time-skills", RiskPriority.High), (First("decline").Id, First("decline").Priority));

        Assert.Contains("cluster.barrier-levels.innovation-system", Ids("cluster=macro/embryonic"));
        Assert.Contains("cluster.barrier-levels.company", Ids("cluster=macro/mature"));
        Assert.Contains("cluster.barrier-levels.culture", Ids("cluster=macro/decline"));
        var levels = Planner.Plan(Specs.Baseline("cluster=macro/decline")).CrossCutting.Recommendations.Single(r => r.Id == "cluster.barrier-levels.culture");
        Assert.Contains(levels.Sources, s => s is PaperPassage p && p.Quote == "Key barriers to adoption of open innovation are situated on three different levels");
    }

    [Fact]
    public void The_ip_policy_is_checked_against_the_goal_and_a_joint_cluster_offer()
    {
        var nc = Planner.Plan(Specs.Baseline("ipPolicy=no,yes,no"));
        Assert.Equal(["$.ipPolicy.commercialUse", "$.goal"], nc.Flags.Single(f => f.Id == "flag.ip.non-commercial-goal").Paths);
        Assert.Contains("flag.ip.non-commercial-joint-offer", Ids("ipPolicy=no,yes,no;goal=feedback;cluster=macro/mature"));
        Assert.Contains("flag.ip.no-derivatives", Ids("ipPolicy=yes,no,no"));
        Assert.DoesNotContain("flag.ip.non-commercial-goal", Ids("ipPolicy=no,yes,no;goal=feedback"));
        Assert.Contains("flag.ip.internal", Ids("ipPolicy=yes,yes,no;sensitivity=internal"));
    }

    [Fact]
    public void Licence_advice_only_where_contributions_are_public_works()
    {
        Assert.Contains("ip.choose-conditions", Ids(""));
        Assert.DoesNotContain("ip.choose-conditions", Ids("taskKind=micro-task;goal=production-work;sensitivity=internal"));
        Assert.DoesNotContain("ip.choose-conditions", Ids("goal=funding;taskKind=crowdfunding"));
        Assert.Contains("ip.terms.internal", Ids("taskKind=micro-task;goal=production-work;sensitivity=internal"));
    }

    [Fact]
    public void The_advice_the_papers_give_is_there_when_it_applies()
    {
        Assert.Contains("task.crm", Ids("market=b2c"));
        Assert.DoesNotContain("task.crm", Ids("market=b2b"));
        Assert.Contains("task.feedback.three-ways", Ids("goal=feedback;taskKind=self-organized"));
        Assert.Contains("crowd.b2bc.design", Ids("market=b2b-c"));
        Assert.Contains("cluster.intermediaries", Ids("cluster=macro/mature"));
        Assert.DoesNotContain("cluster.intermediaries", Ids("cluster=macro/embryonic"));
        Assert.Contains("crowd.cluster.competitors", Ids("cluster=macro/mature;sensitivity=confidential"));
    }

    [Fact]
    public void A_confidential_cluster_co_creating_among_competitors_gets_no_open_configuration()
    {
        var plan = Planner.Plan(Specs.Baseline("cluster=macro/mature;sensitivity=confidential;taskKind=self-organized;market=b2b;platform=own"));
        Assert.False(plan.Crowd.Uses(Crowd.CrowdConfiguration.Open));
        Assert.Contains("crowd.cluster.competitors", RuleTests.Ids(plan));
    }

    private static string Markdown(RoadmapPlan plan) => Rendering.RoadmapMarkdown.Render(plan);
}

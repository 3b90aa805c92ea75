using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Decision.Simulation;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Decision.Tests.Policies;

public class ContactPoliciesTests
{
    public static TheoryData<ContactPolicyKind, string, bool> Combinations()
    {
        var data = new TheoryData<ContactPolicyKind, string, bool>();
        foreach (var kind in Enum.GetValues<ContactPolicyKind>())
        {
            foreach (var budget in new[] { "none", "count", "money" })
            {
                data.Add(kind, budget, false);
                data.Add(kind, budget, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Every_policy_runs_with_and_without_a_budget_in_both_modes(ContactPolicyKind kind, string budgetKind, bool monteCarlo)
    {
        CycleBudget? budget = budgetKind switch { "count" => CycleBudget.MaxContacts(50), "money" => CycleBudget.MaxSpend(120), _ => null };
        var policy = ContactPolicies.Create(Paper.Model, new ContactPolicyOptions { Kind = kind, WorkshopWeek = 11, Threshold = 9000, Budget = budget });
        var expectedName = EnumNames.Of(kind) + (budget is null || kind == ContactPolicyKind.None ? string.Empty : "-budget");
        Assert.Equal(expectedName, policy.Name);
        var options = new SimulationOptions { Policy = policy, Mode = monteCarlo ? SimulationMode.MonteCarlo : SimulationMode.Expected, Seed = 3 };
        var run = Simulator.Run(Paper.Model, Paper.Scenario.With(weeks: 12), options);
        Assert.Equal(12, run.PolicyReports.Count);
        for (var t = 1; t <= 12; t++)
        {
            var week = run.Weeks[t];
            var report = run.PolicyReports[t - 1];
            Assert.Equal(t, report.Cycle);
            Assert.Equal(week.Contacts, report.Contacts, 6);
            Assert.Equal(week.Spend, report.Spend, 6);
            if (budget is not null)
            {
                Assert.True((budget.Kind == BudgetKind.Money ? week.Spend : week.Contacts) <= budget.Amount + 1e-6, $"week {t}: {week.Contacts} contacts, {week.Spend} spent");
            }

            if (kind is ContactPolicyKind.Planned or ContactPolicyKind.LeastSpend && t > 11)
            {
                Assert.Equal(0, week.Contacts);
            }
        }

        if (kind == ContactPolicyKind.LeastSpend && budget is null && !monteCarlo)
        {
            Assert.Equal(11, run.ThresholdCrossedWeek);
            Assert.Equal(9000, run.Weeks[11].TotalExpectedUtility, 6);
        }

        if (kind == ContactPolicyKind.None)
        {
            Assert.All(run.Weeks, w => Assert.Equal(0, w.Contacts));
        }
    }

    [Fact]
    public void Create_lists_every_missing_setting()
    {
        var error = Assert.Throws<ValidationFailedException>(() => ContactPolicies.Create(Paper.Model, new ContactPolicyOptions { Kind = ContactPolicyKind.LeastSpend, MaxIterations = 0 }));
        Assert.Equal(["workshopWeek", "threshold", "maxIterations"], error.Errors.Select(e => e.Path));
        Assert.Contains("least-spend policy needs a workshop week", error.Message, StringComparison.Ordinal);
        var planned = Assert.Throws<ValidationFailedException>(() => ContactPolicies.Create(Paper.Model, new ContactPolicyOptions { Kind = ContactPolicyKind.Planned, WorkshopWeek = -1 }));
        Assert.Equal("workshopWeek", Assert.Single(planned.Errors).Path);
        Assert.Same(ContactPolicies.Myopic, ContactPolicies.Create(Paper.Model, new ContactPolicyOptions()));
        Assert.Equal(["none", "myopic", "response-aware", "planned", "least-spend"], EnumNames.All<ContactPolicyKind>());
        Assert.Equal("count", EnumNames.Of(BudgetKind.Contacts));
        Assert.Equal("money", EnumNames.Of(BudgetKind.Money));
    }

    [Fact]
    public void Explanations_say_why_in_the_policys_terms()
    {
        using var engine = new PopulationEngine(Paper.Model);
        var population = engine.CreatePopulation(3);
        population.SetBelief(0, [0.67, 0, 0.33]);
        population.SetBelief(1, [1, 0, 0]);
        population.SetBelief(2, [0.67, 0, 0.33]);
        var evaluation = engine.CreateEvaluation(3);
        engine.Evaluate(population, evaluation);

        // Myopic: V_k(b) against c_k, with the weeks to the workshop the caller gives.
        engine.SelectContacts(population, evaluation, ContactPolicies.Myopic, cycle: 7, cyclesRemaining: 4);
        var context = new ContactPolicyContext(Paper.Model, population, evaluation, [], 7, 4);
        var why = ContactPolicies.Myopic.Explain(context, 0);
        Assert.True(why.Contacted);
        Assert.Equal(6.79, why.Value, 2);
        Assert.Equal("value 6.79 with email-campaign, cost 3, 4 weeks to the workshop", why.ToString());
        var alone = ContactPolicies.Myopic.Explain(context, 1);
        Assert.False(alone.Contacted);
        Assert.StartsWith("left alone: value 0 with email-campaign, cost 3", alone.ToString(), StringComparison.Ordinal);
        var report = ContactPolicies.Myopic.Report(context);
        Assert.Equal(2, report.Contacts);
        Assert.Equal(6, report.Spend);

        // A budget of one contact: the two equal participants share one contact; the price is the value left out.
        var budgeted = BudgetedPolicy.Myopic(CycleBudget.MaxContacts(1));
        engine.SelectContacts(population, evaluation, budgeted, cycle: 7, cyclesRemaining: 4);
        context = new ContactPolicyContext(Paper.Model, population, evaluation, [], 7, 4);
        var cycle = budgeted.Report(context);
        Assert.Equal(1, cycle.BudgetUsed);
        Assert.Equal(6.79 - 3, cycle.BudgetPrice, 2);
        Assert.Matches(@", price 3\.7\d* per contact$", budgeted.Explain(context, 0).ToString());

        // Least spend: the expected gain in the workshop total, the weeks to the workshop and the price on spend.
        var least = new LeastSpendPolicy(25, workshopWeek: 10);
        engine.SelectContacts(population, evaluation, least, cycle: 7, cyclesRemaining: null);
        context = new ContactPolicyContext(Paper.Model, population, evaluation, [], 7, null);
        var plan = least.Report(context).Plan!;
        Assert.Equal(4, plan.CyclesLeft);
        Assert.True(plan.Reachable, $"highest {plan.ExpectedTotal}");
        Assert.Equal(25, plan.ExpectedTotal, 9);
        var reasons = new List<ContactExplanation>();
        for (var i = 0; i < 3; i++)
        {
            reasons.Add(least.Explain(context, i));
        }

        Assert.All(reasons, r => Assert.Equal(4, r.WeeksToWorkshop));
        Assert.All(reasons, r => Assert.Equal("email-campaign", r.InterventionName));
        Assert.All(reasons, r => Assert.Contains("4 weeks to the workshop", r.ToString(), StringComparison.Ordinal));

        // Two cycles before the workshop the threshold needs contacts now: they are explained with the price on spend.
        engine.SelectContacts(population, evaluation, least, cycle: 9, cyclesRemaining: null);
        context = new ContactPolicyContext(Paper.Model, population, evaluation, [], 9, null);
        Assert.True(least.LastPlan!.Reachable, $"highest {least.LastPlan.ExpectedTotal}");
        var contacted = new List<ContactExplanation>();
        for (var i = 0; i < 3; i++)
        {
            if (least.Explain(context, i) is { Contacted: true } r)
            {
                contacted.Add(r);
            }
        }

        Assert.NotEmpty(contacted);
        Assert.All(contacted, r =>
        {
            Assert.True(r.Value > 0);
            Assert.Equal(2, r.WeeksToWorkshop);
            Assert.Equal(least.LastPlan!.SpendWeight!.Value, r.Price, 12);
            Assert.Matches(@"^value \d+(\.\d+)? with email-campaign, cost 3(, later spend [-+][\d.]+)?, 2 weeks to the workshop, price [\d.]+ per unit of spend", r.ToString());
        });
    }

    [Fact]
    public void Planned_policies_report_their_plan_and_bound_each_cycle()
    {
        var preset = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel);
        var policy = ContactPolicies.Create(preset.Model, new ContactPolicyOptions { Kind = ContactPolicyKind.Planned, WorkshopWeek = 6, Budget = CycleBudget.MaxSpend(400) });
        var run = Simulator.Run(preset.Model, preset.Scenario.With(weeks: 6), new SimulationOptions { Policy = policy });
        Assert.All(run.PolicyReports, r =>
        {
            Assert.NotNull(r.Plan);
            Assert.Equal(7 - r.Cycle, r.WeeksToWorkshop);
            Assert.True(r.Plan!.Converged);
            Assert.True(r.Plan.Gap <= 1e-6 * Math.Max(1, Math.Abs(r.Plan.Value)));
            Assert.True(r.BudgetUsed <= 400 + 1e-6);
        });

        // The first plan forecasts what the replanned policy then does: its net utility is the plan's value.
        var first = run.PolicyReports[0].Plan!;
        var net = run.Weeks[^1].TotalExpectedUtility - run.Weeks.Sum(w => w.Spend);
        Assert.Equal(first.Value, net, 6);
        Assert.Equal(first.ExpectedNetUtility, net, 6);
    }
}

using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Internal;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.Decision.Simulation;
using Xunit.Abstractions;

namespace Crowdsourcing.Decision.Tests.Budgets;

/// <summary>
/// The budgeted planned policy against problems small enough to solve exactly here, without the planner: the relaxed
/// problem (budgets in expectation) as a linear programme over the explicit tree of beliefs, and the problem with the
/// budget binding in every outcome by dynamic programming over the joint beliefs of all participants.
/// </summary>
public class BudgetedPlannedExactTests(ITestOutputHelper output)
{
    private static readonly (string Preset, int Horizon, string Kind, double Amount, double[][] Beliefs)[] Cases =
    [
        (DecisionPresets.CrowdArbPaper, 3, "count", 1, [[0.67, 0, 0.33], [0.6, 0.3, 0.1], [1, 0, 0]]),
        (DecisionPresets.CrowdArbPaper, 4, "count", 1, [[0.67, 0, 0.33], [0.5, 0.2, 0.3]]),
        (DecisionPresets.CrowdArbPaper, 3, "money", 3, [[0.67, 0, 0.33], [0.6, 0.3, 0.1], [0.4, 0.2, 0.4]]),
        (DecisionPresets.CrowdArbPaper, 2, "count", 2, [[0.67, 0, 0.33], [0.6, 0.3, 0.1], [0.4, 0.2, 0.4]]),
        (DecisionPresets.CrowdArbMultichannel, 2, "money", 6, [[0.67, 0, 0.33], [0.6, 0.3, 0.1]]),
        (DecisionPresets.CrowdArbMultichannel, 2, "count", 1, [[0.7, 0.1, 0.2], [0.5, 0.2, 0.3]]),
        (DecisionPresets.CrowdArbMultichannel, 2, "money", 7, [[1, 0, 0], [0.5, 0.2, 0.3]]),
    ];

    public static TheoryData<int> Instances() => new(Enumerable.Range(0, Cases.Length));

    [Theory]
    [MemberData(nameof(Instances))]
    public void Budgeted_planned_is_within_its_reported_gap_of_the_exact_optimum(int instance)
    {
        var (preset, horizon, kind, amount, beliefs) = Cases[instance];
        var model = DecisionPresets.Get(preset).Model;
        var budget = new CycleBudget(kind == "money" ? BudgetKind.Money : BudgetKind.Contacts, amount);
        using var engine = new PopulationEngine(model);
        var population = engine.CreatePopulation(beliefs.Length);
        for (var i = 0; i < beliefs.Length; i++)
        {
            population.SetBelief(i, beliefs[i]);
        }

        var plan = PopulationPlanner.Plan(model, population, [], horizon, new PopulationPlanOptions { Budget = budget });
        var free = PopulationPlanner.Plan(model, population, [], horizon);
        var relaxed = RelaxedOptimum(model, beliefs, horizon, budget);
        var hard = HardOptimum(model, beliefs, horizon, budget);
        output.WriteLine($"plan {plan.Value:R} bound {plan.Bound:R} gap {plan.Gap:G3} relaxed {relaxed:R} hard {hard:R} without budget {free.Value:R} iterations {plan.Iterations} plans {plan.PlansMixed} prices {string.Join(" ", plan.Cycles.Select(c => c.Price.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))}");

        // The budget binds (the plan without it would spend more in some cycle), so the instance tests the pricing.
        Assert.Contains(free.Cycles, c => (budget.Kind == BudgetKind.Money ? c.Spend : c.Contacts) > amount + 1e-9);
        Assert.Contains(plan.Cycles, c => c.Price > 1e-9);
        Assert.True(plan.Converged);
        Assert.InRange(relaxed - plan.Value, -1e-7, plan.Gap + 1e-7);
        Assert.True(plan.Bound >= relaxed - 1e-7);
        Assert.True(hard <= relaxed + 1e-9);
        Assert.All(plan.Cycles, c => Assert.True(c.BudgetUsed <= amount + 1e-9));
    }

    [Theory]
    [InlineData(DecisionPresets.CrowdArbPaper, 3, 1)]
    [InlineData(DecisionPresets.CrowdArbPaper, 3, 2)]
    [InlineData(DecisionPresets.CrowdArbMultichannel, 2, 1)]
    public void Replanning_every_cycle_reaches_the_relaxed_optimum(string preset, int horizon, int contacts)
    {
        // Six participants known to start in poor (3), fair (2) and good (1): the expected-mode simulation of the policy
        // (replanned each cycle) earns the relaxed optimum, up to the first plan's gap.
        var model = DecisionPresets.Get(preset).Model;
        var budget = CycleBudget.MaxContacts(contacts);
        var scenario = new SimulationScenario(6, [0.5, 2 / 6.0, 1 / 6.0], horizon, 0);
        var policy = BudgetedPolicy.Planned(PlannedPolicy.Create(model, horizon), budget);
        var run = Simulator.Run(model, scenario, new SimulationOptions { Policy = policy });
        var net = run.Weeks[^1].TotalExpectedUtility - run.Weeks.Sum(w => w.Spend);
        var certain = new[] { 0, 0, 0, 1, 1, 2 }.Select(x => Belief.Certain(3, x).AsSpan().ToArray()).ToArray();
        var relaxed = RelaxedOptimum(model, certain, horizon, budget);
        output.WriteLine($"net {net:R} relaxed {relaxed:R} gap {policy.Reports[0].Plan!.Gap:G3}");
        Assert.InRange(relaxed - net, -1e-7, policy.Reports[0].Plan!.Gap + 1e-7);
        Assert.Contains(policy.Reports[0].Plan!.Cycles, c => c.Price > 1e-9);
        Assert.All(run.Weeks, w => Assert.True(w.Contacts <= contacts + 1e-9));
    }

    [Theory]
    [InlineData(PlanObjective.NetUtility)]
    [InlineData(PlanObjective.LeastSpend)]
    public void One_column_per_class_and_one_per_population_reach_the_same_optimum(PlanObjective objective)
    {
        // 80 random classes: more than the planner disaggregates by itself. Both masters solve the same relaxed problem.
        var model = DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel).Model;
        var random = new Random(21);
        using var engine = new PopulationEngine(model);
        var population = engine.CreatePopulation(80);
        var weights = new double[80];
        for (var i = 0; i < 80; i++)
        {
            population.SetBelief(i, Policies.PlannedPolicyTests.RandomBelief(random, 3));
            weights[i] = 1 + random.Next(20);
        }

        var classes = BeliefClasses.Group(population, weights);
        var options = new PopulationPlanOptions { Objective = objective, Threshold = 1e9, Budget = CycleBudget.MaxSpend(400), MaxIterations = 500 };
        if (objective == PlanObjective.LeastSpend)
        {
            // Unreachable, the plan maximises the total within the budget; 95 % of that maximum is reachable.
            var highest = PopulationPlanner.PlanClasses(model, classes, 4, options, CancellationToken.None);
            Assert.False(highest.Reachable);
            options = options with { Threshold = 0.95 * highest.ExpectedTotal };
        }

        var byClass = PopulationPlanner.PlanClasses(model, classes, 4, options, CancellationToken.None, disaggregate: true);
        var whole = PopulationPlanner.PlanClasses(model, classes, 4, options, CancellationToken.None, disaggregate: false);
        output.WriteLine($"by class {byClass.Value:R} ({byClass.Iterations} iterations, gap {byClass.Gap:G3}); whole {whole.Value:R} ({whole.Iterations} iterations, gap {whole.Gap:G3}); reachable {whole.Reachable}");
        Assert.True(byClass.Converged && whole.Converged);
        Assert.True(byClass.Reachable && whole.Reachable);
        Assert.Equal(byClass.Value, whole.Value, 6);
        Assert.All(byClass.Cycles, c => Assert.True(c.BudgetUsed <= 400 + 1e-6));
        Assert.All(whole.Cycles, c => Assert.True(c.BudgetUsed <= 400 + 1e-6));
    }

    /// <summary>
    /// The relaxed problem as a linear programme over the tree of beliefs: x(n, a) is the probability of reaching node n
    /// and taking action a; flow is conserved, the expected usage of every cycle is within the budget.
    /// </summary>
    internal static double RelaxedOptimum(DecisionModel model, double[][] beliefs, int horizon, CycleBudget budget)
    {
        var objective = new List<double>();
        var flows = new List<(List<(int Variable, double Coefficient)> Terms, double Bound)>();
        var usage = new List<(int Variable, int Depth, double Usage)>();

        void Expand(double[] b, int depth, int parentVariable, double probability)
        {
            var actions = new List<int>();
            for (var a = 0; a <= model.Interventions.Count; a++)
            {
                actions.Add(objective.Count);
                objective.Add(a == 0 ? 0 : -model.Interventions[a - 1].Cost);
                if (a > 0)
                {
                    usage.Add((objective.Count - 1, depth, budget.Usage(model.Interventions[a - 1].Cost)));
                }
            }

            var terms = actions.Select(v => (v, 1.0)).ToList();
            if (parentVariable >= 0)
            {
                terms.Add((parentVariable, -probability));
            }

            flows.Add((terms, parentVariable >= 0 ? 0 : 1));
            for (var a = 0; a <= model.Interventions.Count; a++)
            {
                foreach (var (child, p) in Children(model, b, a))
                {
                    if (p <= 1e-15)
                    {
                        continue;
                    }

                    if (depth + 1 == horizon)
                    {
                        objective[actions[a]] += p * DecisionEvaluator.Best(model, child).Meu;
                    }
                    else
                    {
                        Expand(child, depth + 1, actions[a], p);
                    }
                }
            }
        }

        foreach (var b in beliefs)
        {
            Expand(b, 0, -1, 1);
        }

        var n = objective.Count;
        var rows = new List<double[]>();
        var senses = new List<RowSense>();
        var bounds = new List<double>();
        foreach (var (terms, bound) in flows)
        {
            var row = new double[n];
            foreach (var (v, c) in terms)
            {
                row[v] += c;
            }

            rows.Add(row);
            senses.Add(RowSense.Equal);
            bounds.Add(bound);
        }

        for (var depth = 0; depth < horizon; depth++)
        {
            var row = new double[n];
            foreach (var (v, d, u) in usage)
            {
                if (d == depth)
                {
                    row[v] = u;
                }
            }

            rows.Add(row);
            senses.Add(RowSense.AtMost);
            bounds.Add(budget.Amount);
        }

        var solution = LinearProgram.Maximize([.. objective], [.. rows], [.. senses], [.. bounds]);
        Assert.Equal(LinearProgramStatus.Optimal, solution.Status);
        return solution.Objective;
    }

    /// <summary>The problem with the budget binding in every outcome: dynamic programming over the joint beliefs.</summary>
    internal static double HardOptimum(DecisionModel model, double[][] beliefs, int horizon, CycleBudget budget)
    {
        if (horizon == 0)
        {
            return beliefs.Sum(b => DecisionEvaluator.Best(model, b).Meu);
        }

        var n = beliefs.Length;
        var k = model.Interventions.Count;
        var best = double.NegativeInfinity;
        var choice = new int[n];
        var combinations = (int)Math.Pow(k + 1, n);
        for (var code = 0; code < combinations; code++)
        {
            var rest = code;
            var used = 0.0;
            var cost = 0.0;
            for (var i = 0; i < n; i++)
            {
                choice[i] = rest % (k + 1);
                rest /= k + 1;
                if (choice[i] > 0)
                {
                    used += budget.Usage(model.Interventions[choice[i] - 1].Cost);
                    cost += model.Interventions[choice[i] - 1].Cost;
                }
            }

            if (used > budget.Amount + 1e-9)
            {
                continue;
            }

            var outcomes = Enumerable.Range(0, n).Select(i => Children(model, beliefs[i], choice[i]).Where(c => c.Probability > 1e-15).ToList()).ToList();
            var value = -cost;
            var index = new int[n];
            while (true)
            {
                var p = 1.0;
                var next = new double[n][];
                for (var i = 0; i < n; i++)
                {
                    p *= outcomes[i][index[i]].Probability;
                    next[i] = outcomes[i][index[i]].Belief;
                }

                value += p * HardOptimum(model, next, horizon - 1, budget);
                var j = 0;
                while (j < n && ++index[j] == outcomes[j].Count)
                {
                    index[j] = 0;
                    j++;
                }

                if (j == n)
                {
                    break;
                }
            }

            best = Math.Max(best, value);
        }

        return best;
    }

    /// <summary>The beliefs after one cycle with action a (0 leave alone, k + 1 contact with k) and their probabilities, by Bayes' rule.</summary>
    private static List<(double[] Belief, double Probability)> Children(DecisionModel model, double[] b, int action)
    {
        var s = model.StateCount;
        if (action == 0)
        {
            var next = new double[s];
            model.Transition.MultiplyLeft(b, next);
            return [(next, 1)];
        }

        var intervention = model.Interventions[action - 1];
        var result = new List<(double[] Belief, double Probability)>();
        var silent = new double[s];
        for (var y = 0; y < s; y++)
        {
            var p = 0.0;
            for (var x = 0; x < s; x++)
            {
                p += b[x] * intervention.GetResponseRate(x) * intervention.Transition[x, y];
                silent[y] += b[x] * (1 - intervention.GetResponseRate(x)) * intervention.Transition[x, y];
            }

            result.Add((Belief.Certain(s, y).AsSpan().ToArray(), p));
        }

        var total = silent.Sum();
        if (total > 1e-15)
        {
            result.Add(([.. silent.Select(v => v / total)], total));
        }

        return result;
    }
}

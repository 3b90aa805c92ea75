using System.Globalization;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Internal;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Policies;

/// <summary>
/// Plans a population's contacts until the workshop week under constraints that tie participants together — a budget
/// in every cycle, a threshold on the expected total — by pricing the constraints and mixing per-participant plans.
/// </summary>
/// <remarks>
/// <para><b>The relaxed problem.</b> Participants are independent except through the constraints, which hold in
/// expectation (exactly the expected-mode simulation's terms): Σ_i E[usage of cycle τ] ≤ B for every cycle τ, and for
/// least spend Σ_i E[MEU(b_i) at the workshop] ≥ threshold. Over randomised plans this is a linear programme whose
/// variables are the weights θ_j of deterministic population plans j (each participant's plan a function of its belief,
/// with the same plan for a whole belief class).</para>
/// <para><b>Column generation</b> (Dantzig–Wolfe). A master programme over the plans found so far — maximise
/// Σ_j θ_j·objective_j subject to Σ_j θ_j·usage_jτ ≤ B (one row per cycle), Σ_j θ_j·total_j ≥ threshold (least spend) and
/// Σ_j θ_j = 1 — is solved by a dense simplex. Its duals price the constraints: μ_τ per unit of cycle τ's budget, π per
/// unit of total. The best new plan at those prices is the per-participant POMDP (<see cref="PomdpSolver"/>) with the
/// cost of a contact in cycle τ raised by μ_τ × usage and spend weighted by 1/(1 + π) (net utility) or 1/π (least spend);
/// each class follows the vector that is best at its belief, whose expected total, contacts and spend per cycle are read
/// off exactly (<c>PomdpSolution.Evaluate</c>). The pricing value gives the Lagrangian bound
/// Σ_i w_i·V(b_i) − π·threshold + Σ_τ μ_τ·B on the relaxed optimum; the planner stops when no new plan improves on the
/// master (the gap to the bound is then below 10^-12 of the problem's scale) or after
/// <see cref="PopulationPlanOptions.MaxIterations"/>, and reports the remaining gap.</para>
/// <para><b>Least spend</b> first maximises the expected total within the budgets (is the threshold reachable?), then
/// minimises the expected spend subject to reaching it. With no budget the master has one constraint, so the optimum
/// mixes the two plans either side of the critical price on spend λ* in the proportion that meets the threshold
/// exactly, and the spend equals the Lagrangian bound max_λ (threshold − L(λ))/λ.</para>
/// <para>The plan's first cycle is what a receding-horizon policy carries out: per class, the shares of its weight left
/// alone and contacted with each intervention. Replanning every cycle from the new beliefs keeps the relaxed optimum:
/// the rest of an optimal plan is feasible for the rest of the problem.</para>
/// <para>Cost: each iteration solves one POMDP (microseconds for the presets) and evaluates every belief class, so a
/// cycle costs O(iterations × classes × alpha vectors × S). Participants who share a belief share all of it.</para>
/// </remarks>
public static class PopulationPlanner
{
    /// <summary>The most belief classes for which the master programme gets one convexity row per class.</summary>
    private const int MaxDisaggregatedClasses = 64;

    /// <summary>Plans the population's contacts for the cycles left until the workshop week.</summary>
    /// <param name="model">The model.</param>
    /// <param name="population">The beliefs at decision time.</param>
    /// <param name="weights">How many participants each entry stands for; empty for one each.</param>
    /// <param name="cyclesLeft">The cycles until the workshop week, this one included; 0 to 10,000.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults (net utility, no budget).</param>
    /// <param name="cancellationToken">Cancels between iterations.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ValidationFailedException">An option is out of range: a least-spend plan without a finite threshold, fewer than one iteration, a population of another model.</exception>
    public static PopulationPlan Plan(DecisionModel model, BeliefPopulation population, ReadOnlySpan<double> weights, int cyclesLeft, PopulationPlanOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(population);
        options ??= new PopulationPlanOptions();
        var failures = new List<ValidationError>();
        if (population.StateCount != model.StateCount)
        {
            failures.Add(new ValidationError("population", string.Create(CultureInfo.InvariantCulture, $"The population has {population.StateCount} states; the model has {model.StateCount}.")));
        }

        if (!weights.IsEmpty && weights.Length != population.Count)
        {
            failures.Add(new ValidationError("weights", string.Create(CultureInfo.InvariantCulture, $"There are {weights.Length} weights for {population.Count} entries.")));
        }

        if (cyclesLeft is < 0 or > 10_000)
        {
            failures.Add(new ValidationError("cyclesLeft", string.Create(CultureInfo.InvariantCulture, $"The cycles left must be from 0 to 10,000 (value: {cyclesLeft}).")));
        }

        failures.AddRange(Validate(options));
        if (failures.Count > 0)
        {
            throw new ValidationFailedException(string.Join(" ", failures.Select(f => f.Message)), failures);
        }

        return PlanClasses(model, BeliefClasses.Group(population, weights), cyclesLeft, options, cancellationToken);
    }

    /// <summary>Every problem with <paramref name="options"/>, for the policies' own validation.</summary>
    internal static IEnumerable<ValidationError> Validate(PopulationPlanOptions options)
    {
        if (options.Objective == PlanObjective.LeastSpend && options.Threshold is not { } threshold)
        {
            yield return new ValidationError("threshold", "A least-spend plan needs a threshold on the expected total.");
        }
        else if (options.Threshold is { } t && !double.IsFinite(t))
        {
            yield return new ValidationError("threshold", string.Create(CultureInfo.InvariantCulture, $"The threshold must be finite (value: {t})."));
        }

        if (options.MaxIterations < 1)
        {
            yield return new ValidationError("maxIterations", string.Create(CultureInfo.InvariantCulture, $"The planner needs at least 1 iteration (value: {options.MaxIterations})."));
        }
    }

    /// <summary>Plans for belief classes.</summary>
    internal static PopulationPlan PlanClasses(DecisionModel model, BeliefClasses classes, int h, PopulationPlanOptions options, CancellationToken cancellationToken, bool? disaggregate = null)
    {
        var planning = (options.Planning ?? new PomdpSolverOptions()) with { CyclePrices = null };
        var k = model.Interventions.Count;
        var leftAlone = LeftAlone(model, classes, h);
        var noContactTotal = 0.0;
        for (var c = 0; c < classes.Count; c++)
        {
            noContactTotal += classes.Weights[c] * leftAlone[c];
        }

        if (h == 0 || classes.Count == 0)
        {
            var shares = new double[classes.Count * (k + 1)];
            for (var c = 0; c < classes.Count; c++)
            {
                shares[c * (k + 1)] = 1;
            }

            var reachable = options.Objective != PlanObjective.LeastSpend || noContactTotal >= options.Threshold!.Value - Tolerance(options.Threshold.Value);
            var value = options.Objective == PlanObjective.LeastSpend ? (reachable ? 0 : noContactTotal) : noContactTotal;
            return new PopulationPlan(options, h, reachable, noContactTotal, 0, 0, [], null, value, value, true, 0, 1, classes, shares, null);
        }

        var generator = new Generator(model, classes, h, options.Budget, planning, options.MaxIterations, disaggregate ?? classes.Count <= MaxDisaggregatedClasses, cancellationToken);
        generator.AddLeftAlone(leftAlone);
        if (options.Objective == PlanObjective.NetUtility)
        {
            var run = generator.Run(1, planning.CostMultiplier, planning.ContactPrice, null);
            return generator.Result(options, run, reachable: true, value: run.Lp.Objective, bound: run.Bound, spendWeight: null);
        }

        var threshold = options.Threshold!.Value;
        var highest = generator.Run(1, 0, 0, null);
        if (highest.Lp.Objective < threshold - Tolerance(threshold))
        {
            return generator.Result(options, highest, reachable: false, value: highest.Lp.Objective, bound: highest.Bound, spendWeight: null);
        }

        var least = generator.Run(0, 1, 0, threshold);
        var weight = least.Pi > 0 ? 1 / least.Pi : (double?)null;
        return generator.Result(options, least, reachable: true, value: -least.Lp.Objective, bound: -least.Bound, spendWeight: weight, iterationsBefore: highest.Iterations);
    }

    private static double Tolerance(double value) => 1e-9 * Math.Max(1, Math.Abs(value));

    /// <summary>Per class, MEU(b·T^h): the value of contacting nobody until the workshop.</summary>
    private static double[] LeftAlone(DecisionModel model, BeliefClasses classes, int h)
    {
        var s = model.StateCount;
        var result = new double[classes.Count];
        var b = new double[s];
        var next = new double[s];
        for (var c = 0; c < classes.Count; c++)
        {
            classes.Belief(c).CopyTo(b);
            for (var t = 0; t < h; t++)
            {
                model.Transition.MultiplyLeft(b, next);
                (b, next) = (next, b);
            }

            result[c] = DecisionEvaluator.Best(model, b).Meu;
        }

        return result;
    }

    /// <summary>
    /// One deterministic plan, weighted: for one belief class (disaggregated master) or for the whole population
    /// (<see cref="Owner"/> −1): its expected total, contacts and spend per cycle, and the action this cycle of the class
    /// (or of every class).
    /// </summary>
    private sealed class Column(int owner, double total, double[] cycleContacts, double[] cycleSpend, int[] firstActions)
    {
        public int Owner { get; } = owner;

        public double Total { get; } = total;

        public double Contacts { get; } = cycleContacts.Sum();

        public double Spend { get; } = cycleSpend.Sum();

        public double[] CycleContacts { get; } = cycleContacts;

        public double[] CycleSpend { get; } = cycleSpend;

        public int[] FirstActions { get; } = firstActions;

        public double Usage(BudgetKind kind, int cycle) => kind == BudgetKind.Money ? CycleSpend[cycle] : CycleContacts[cycle];

        public bool SameAs(Column other)
        {
            static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(a));
            if (Owner != other.Owner || !Close(Total, other.Total) || !FirstActions.AsSpan().SequenceEqual(other.FirstActions))
            {
                return false;
            }

            for (var t = 0; t < CycleContacts.Length; t++)
            {
                if (!Close(CycleContacts[t], other.CycleContacts[t]) || !Close(CycleSpend[t], other.CycleSpend[t]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The outcome of one column-generation run: the final master programme, its prices and the best bound.</summary>
    private sealed record Run(LinearProgramSolution Lp, double Pi, double[] Mu, double Scale, double Bound, bool Converged, int Iterations, PomdpSolution? Pricing);

    /// <summary>
    /// Column generation over the plans of one population. With few classes (<see cref="MaxDisaggregatedClasses"/>) the
    /// master is disaggregated: one convexity row per class and a column per class and plan, so one pricing solve
    /// brings a column for every class and the master mixes plans class by class (far fewer iterations when budgets bind
    /// in many cycles); with many classes one column is the plan of the whole population.
    /// </summary>
    private sealed class Generator(DecisionModel model, BeliefClasses classes, int h, CycleBudget? budget, PomdpSolverOptions planning, int maxIterations, bool disaggregated, CancellationToken cancellationToken)
    {
        private readonly List<Column> _columns = [];

        private int Owners => disaggregated ? classes.Count : 1;

        /// <summary>The plans that contact nobody: one per class, or one for the population.</summary>
        public void AddLeftAlone(double[] leftAlone)
        {
            var none = new[] { CycleObservations.None };
            if (disaggregated)
            {
                for (var c = 0; c < classes.Count; c++)
                {
                    _columns.Add(new Column(c, classes.Weights[c] * leftAlone[c], new double[h], new double[h], none));
                }

                return;
            }

            var total = 0.0;
            for (var c = 0; c < classes.Count; c++)
            {
                total += classes.Weights[c] * leftAlone[c];
            }

            var actions = new int[classes.Count];
            Array.Fill(actions, CycleObservations.None);
            _columns.Add(new Column(-1, total, new double[h], new double[h], actions));
        }

        /// <summary>Maximises Σ θ_j (α·total_j − β·spend_j − p·contacts_j) subject to the budgets and, when given, the threshold.</summary>
        public Run Run(double alpha, double beta, double price, double? threshold)
        {
            var weight = classes.Weights.Sum();
            var scaleOfModel = 1.0;
            foreach (var u in model.Utility.AsSpan())
            {
                scaleOfModel = Math.Max(scaleOfModel, Math.Abs(u));
            }

            foreach (var intervention in model.Interventions)
            {
                scaleOfModel = Math.Max(scaleOfModel, intervention.Cost);
            }

            var tolerance = 1e-12 * Math.Max(1, weight) * scaleOfModel;
            var bestBound = double.PositiveInfinity;
            PomdpSolution? pricing = null;
            LinearProgramSolution lp = null!;
            double pi = 0;
            var mu = new double[h];
            var n = classes.Count;
            var actions = new int[n];
            var values = new double[n];
            var totals = new double[n];
            var contacts = new double[n * h];
            var spend = new double[n * h];
            for (var iteration = 1; ; iteration++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                lp = Master(alpha, beta, price, threshold);
                if (lp.Status != LinearProgramStatus.Optimal)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The planner's master programme ended {lp.Status} after {iteration} iteration(s)."));
                }

                var row = Owners;
                pi = 0;
                if (threshold is not null)
                {
                    pi = Math.Max(0, -lp.Duals[row]);
                    row++;
                }

                for (var t = 0; t < h; t++)
                {
                    mu[t] = budget is null ? 0 : Math.Max(0, lp.Duals[row + t]);
                }

                var scale = alpha + pi;
                var added = 0;
                double pricingValue;
                if (scale <= 1e-15)
                {
                    // Only costs remain: contacting nobody, already in the master, is the best plan.
                    pricingValue = 0;
                }
                else
                {
                    var options = planning with
                    {
                        CostMultiplier = beta / scale,
                        ContactPrice = price / scale,
                        CyclePrices = budget is null ? null : [.. mu.Select(m => m / scale)],
                        CyclePriceUnit = budget?.Kind ?? BudgetKind.Contacts,
                    };
                    pricing = PomdpSolver.Solve(model, h, options, cancellationToken);
                    pricing.EvaluateEntries(classes.Beliefs, n, h, actions, values, totals, contacts, spend);
                    pricingValue = 0;
                    for (var c = 0; c < n; c++)
                    {
                        pricingValue += classes.Weights[c] * values[c];
                    }

                    // The point-based method is a lower bound: widen the bound by its error.
                    var error = pricing.Method == PomdpSolverMethod.PointBased ? pricing.ErrorBound * weight : 0;
                    pricingValue = scale * (pricingValue + error);
                    foreach (var column in NewColumns(actions, totals, contacts, spend))
                    {
                        var reduced = ((alpha + pi) * column.Total) - (beta * column.Spend) - (price * column.Contacts) - lp.Duals[Math.Max(0, column.Owner)];
                        for (var t = 0; t < h; t++)
                        {
                            reduced -= mu[t] * (budget is null ? 0 : column.Usage(budget.Kind, t));
                        }

                        if (reduced > tolerance && !_columns.Exists(column.SameAs))
                        {
                            _columns.Add(column);
                            added++;
                        }
                    }
                }

                var bound = pricingValue - (pi * (threshold ?? 0));
                for (var t = 0; t < h; t++)
                {
                    bound += mu[t] * (budget?.Amount ?? 0);
                }

                bestBound = Math.Min(bestBound, bound);
                if (added == 0 || bestBound - lp.Objective <= tolerance)
                {
                    return new Run(lp, pi, mu, scale, Math.Max(bestBound, lp.Objective), true, iteration, pricing);
                }

                if (iteration >= maxIterations)
                {
                    // The master was solved before this iteration's columns: its solution covers the first columns only.
                    return new Run(lp, pi, mu, scale, bestBound, false, iteration, pricing);
                }
            }
        }

        public PopulationPlan Result(PopulationPlanOptions options, Run run, bool reachable, double value, double bound, double? spendWeight, int iterationsBefore = 0)
        {
            var k = model.Interventions.Count;
            var theta = run.Lp.X;
            var shares = new double[classes.Count * (k + 1)];
            double total = 0, contacts = 0, spend = 0;
            var cycleContacts = new double[h];
            var cycleSpend = new double[h];
            var mixed = new int[Owners];
            for (var j = 0; j < theta.Length; j++)
            {
                var w = theta[j];
                if (w <= 1e-15)
                {
                    continue;
                }

                var column = _columns[j];
                mixed[Math.Max(0, column.Owner)]++;
                total += w * column.Total;
                contacts += w * column.Contacts;
                spend += w * column.Spend;
                for (var t = 0; t < h; t++)
                {
                    cycleContacts[t] += w * column.CycleContacts[t];
                    cycleSpend[t] += w * column.CycleSpend[t];
                }

                if (column.Owner >= 0)
                {
                    shares[(column.Owner * (k + 1)) + column.FirstActions[0] + 1] += w;
                    continue;
                }

                for (var c = 0; c < classes.Count; c++)
                {
                    shares[(c * (k + 1)) + column.FirstActions[c] + 1] += w;
                }
            }

            var cycles = new PlannedCycle[h];
            for (var t = 0; t < h; t++)
            {
                var used = budget is null ? 0 : budget.Kind == BudgetKind.Money ? cycleSpend[t] : cycleContacts[t];
                var price = run.Scale > 1e-15 ? run.Mu[t] / run.Scale : 0;
                cycles[t] = new PlannedCycle(t, cycleContacts[t], cycleSpend[t], used, price);
            }

            return new PopulationPlan(options, h, reachable, total, spend, contacts, cycles, spendWeight, value, bound, run.Converged, iterationsBefore + run.Iterations, mixed.Max(), classes, shares, run.Pricing);
        }

        /// <summary>The new plan as columns: one per class (disaggregated) or one for the population.</summary>
        private IEnumerable<Column> NewColumns(int[] actions, double[] totals, double[] contacts, double[] spend)
        {
            if (disaggregated)
            {
                for (var c = 0; c < classes.Count; c++)
                {
                    var w = classes.Weights[c];
                    var cc = new double[h];
                    var cs = new double[h];
                    for (var t = 0; t < h; t++)
                    {
                        cc[t] = w * contacts[(c * h) + t];
                        cs[t] = w * spend[(c * h) + t];
                    }

                    yield return new Column(c, w * totals[c], cc, cs, [actions[c]]);
                }

                yield break;
            }

            var total = 0.0;
            var allContacts = new double[h];
            var allSpend = new double[h];
            for (var c = 0; c < classes.Count; c++)
            {
                var w = classes.Weights[c];
                total += w * totals[c];
                for (var t = 0; t < h; t++)
                {
                    allContacts[t] += w * contacts[(c * h) + t];
                    allSpend[t] += w * spend[(c * h) + t];
                }
            }

            yield return new Column(-1, total, allContacts, allSpend, (int[])actions.Clone());
        }

        private LinearProgramSolution Master(double alpha, double beta, double price, double? threshold)
        {
            var n = _columns.Count;
            var objective = new double[n];
            var rows = new List<double[]>();
            var senses = new List<RowSense>();
            var bounds = new List<double>();
            for (var o = 0; o < Owners; o++)
            {
                rows.Add(new double[n]);
                senses.Add(RowSense.Equal);
                bounds.Add(1);
            }

            for (var j = 0; j < n; j++)
            {
                var column = _columns[j];
                objective[j] = (alpha * column.Total) - (beta * column.Spend) - (price * column.Contacts);
                rows[Math.Max(0, column.Owner)][j] = 1;
            }

            if (threshold is { } target)
            {
                rows.Add([.. _columns.Select(c => c.Total)]);
                senses.Add(RowSense.AtLeast);
                bounds.Add(target);
            }

            if (budget is not null)
            {
                for (var t = 0; t < h; t++)
                {
                    var cycle = t;
                    rows.Add([.. _columns.Select(c => c.Usage(budget.Kind, cycle))]);
                    senses.Add(RowSense.AtMost);
                    bounds.Add(budget.Amount);
                }
            }

            return LinearProgram.Maximize(objective, [.. rows], [.. senses], [.. bounds]);
        }
    }
}

using System.Globalization;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Internal;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Simulation;

/// <summary>
/// Simulates a campaign week by week: a population whose week-0 states are known (certain beliefs, shares from the
/// scenario), a contact policy each cycle, and per week the total expected utility, contacts, responses, spend, and
/// the first week whose total reaches the threshold.
/// </summary>
/// <remarks>
/// <para>Week convention: week 0 is the starting state; in cycle t (1 ≤ t ≤ W) the policy decides on the beliefs of
/// week t − 1; a contacted participant's true state moves by C_k, anyone else's by T; a contacted participant in state
/// x at contact time responds with probability r_k(x) and reports the state of week t (after the intervention acted). Totals are computed on the beliefs of week t.</para>
/// <para>Monte Carlo mode draws the hidden true states' transitions and the responses from a seeded generator
/// (SplitMix64 streams per run, week and block of 4096 participants, so results do not depend on the number of
/// threads); the week-0 states are apportioned exactly (largest remainder). Expected mode computes the exact
/// expectation of that process with weighted classes (belief, distribution of true states, weight); classes whose
/// belief and true-state distribution agree to 1e-12 merge. With the paper's truthful reports the beliefs after a
/// report are certain, so classes stay few; with a noisy report model (<see cref="Intervention.ReportModel"/>) every
/// report leaves its own posterior and the classes would grow like (states + 1)^weeks. When a cycle leaves more than
/// <see cref="SimulationOptions.MaxClasses"/> classes, classes with close beliefs merge (see
/// <see cref="SimulationOptions.MaxClasses"/>): the total weight and the expected true-state distribution stay exact,
/// the organiser's beliefs are approximated, and <see cref="SimulationResult.MergedClasses"/> counts the merges.</para>
/// <para>For the paper's figure 10 (the distribution of MEU over participants at one week), set
/// <see cref="SimulationOptions.CaptureWeek"/> in Monte Carlo mode: the first run's per-participant MEU at that week is
/// returned in <see cref="SimulationResult.CapturedMaximumExpectedUtilities"/>.</para>
/// </remarks>
public static class Simulator
{
    private const int BlockSize = 4096;

    /// <summary>Runs a simulation.</summary>
    /// <param name="model">The model.</param>
    /// <param name="scenario">The scenario (participants, initial states, weeks, threshold).</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults (expected mode, myopic policy).</param>
    /// <param name="progress">Receives the fraction done, from 0 to 1; optional.</param>
    /// <param name="cancellationToken">Cancels between weeks.</param>
    /// <returns>The weeks and the crossing week.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="scenario"/> or the options' policy is <see langword="null"/>.</exception>
    /// <exception cref="ValidationFailedException">The scenario's initial shares do not have one entry per state, or the options are out of range (<see cref="SimulationOptions.Runs"/>, <see cref="SimulationOptions.MaxDegreeOfParallelism"/> or <see cref="SimulationOptions.MaxClasses"/> below 1, or a <see cref="SimulationOptions.CaptureWeek"/> outside 0 to the scenario's weeks, or set in expected mode); its path names the option.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static SimulationResult Run(DecisionModel model, SimulationScenario scenario, SimulationOptions? options = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= new SimulationOptions();
        ArgumentNullException.ThrowIfNull(options.Policy, nameof(options));
        if (scenario.InitialStateShares.Count != model.StateCount)
        {
            throw new ValidationFailedException(
                "scenario.initialStates",
                string.Create(CultureInfo.InvariantCulture, $"The scenario has {scenario.InitialStateShares.Count} initial shares; the model has {model.StateCount} states ({string.Join(", ", model.States)})."));
        }

        if (options.Runs < 1)
        {
            throw new ValidationFailedException("Runs", string.Create(CultureInfo.InvariantCulture, $"Runs is {options.Runs}; it must be at least 1."));
        }

        if (options.MaxDegreeOfParallelism < 1)
        {
            throw new ValidationFailedException("MaxDegreeOfParallelism", string.Create(CultureInfo.InvariantCulture, $"MaxDegreeOfParallelism is {options.MaxDegreeOfParallelism}; it must be at least 1."));
        }

        if (options.MaxClasses < 1)
        {
            throw new ValidationFailedException("MaxClasses", string.Create(CultureInfo.InvariantCulture, $"MaxClasses is {options.MaxClasses}; it must be at least 1."));
        }

        if (options.CaptureWeek is { } capture)
        {
            if (options.Mode != SimulationMode.MonteCarlo)
            {
                throw new ValidationFailedException("CaptureWeek", string.Create(CultureInfo.InvariantCulture, $"CaptureWeek is {capture}; capturing per-participant MEU needs Monte Carlo mode (expected mode has weighted classes, not participants)."));
            }

            if (capture < 0 || capture > scenario.Weeks)
            {
                throw new ValidationFailedException("CaptureWeek", string.Create(CultureInfo.InvariantCulture, $"CaptureWeek is {capture}; it must be from 0 to the scenario's {scenario.Weeks} weeks."));
            }
        }

        return options.Mode == SimulationMode.Expected
            ? RunExpected(model, scenario, options, progress, cancellationToken)
            : RunMonteCarlo(model, scenario, options, progress, cancellationToken);
    }

    /// <summary>Whether a total reaches the threshold: at or above it, within 1e-9 of its size (a plan aimed exactly at the threshold reaches it despite rounding).</summary>
    /// <param name="total">The total expected utility.</param>
    /// <param name="threshold">The threshold.</param>
    /// <returns><see langword="true"/> when the total reaches the threshold.</returns>
    public static bool Reaches(double total, double threshold) => total >= threshold - (1e-9 * Math.Max(1, Math.Abs(threshold)));

    private static int? FirstCrossing(double[] totals, double threshold)
    {
        for (var t = 0; t < totals.Length; t++)
        {
            if (Reaches(totals[t], threshold))
            {
                return t;
            }
        }

        return null;
    }

    private static SimulationResult RunExpected(DecisionModel model, SimulationScenario scenario, SimulationOptions options, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var s = model.StateCount;
        var engineOptions = new PopulationEngineOptions { NonResponderUpdate = options.NonResponderUpdate, MaxDegreeOfParallelism = 1 };
        using var engine = new PopulationEngine(model, engineOptions);
        var classes = new List<BeliefClass>();
        for (var x = 0; x < s; x++)
        {
            var w = scenario.InitialStateShares[x] * scenario.Participants;
            if (w > 0)
            {
                classes.Add(new BeliefClass(Certain(s, x), Certain(s, x), w));
            }
        }

        var weeks = new List<WeekSummary>(scenario.Weeks + 1);
        var (population, weights) = ToPopulation(classes, s);
        weeks.Add(new WeekSummary(0, engine.TotalExpectedUtility(population, weights), 0, 0, 0, 0));
        var reports = new List<PolicyCycleReport>(scenario.Weeks);
        var merged = 0L;
        for (var t = 1; t <= scenario.Weeks; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = ExpectedStep(engine, model, classes, population, weights, options.Policy, options.NonResponderUpdate, t, scenario.Weeks - t + 1, options.MaxClasses);
            reports.Add(step.Report);
            classes = step.Classes;
            merged += step.Merged;
            (population, weights) = ToPopulation(classes, s);
            weeks.Add(new WeekSummary(t, engine.TotalExpectedUtility(population, weights), 0, step.Contacts, step.Responses, step.Spend));
            progress?.Report((double)t / scenario.Weeks);
        }

        var crossing = FirstCrossing(weeks.Select(w => w.TotalExpectedUtility).ToArray(), scenario.Threshold);
        return new SimulationResult(SimulationMode.Expected, options.Policy.Name, scenario.Participants, 1, scenario.Threshold, options.NonResponderUpdate, weeks, crossing, [crossing]) { PolicyReports = reports, MergedClasses = merged };
    }

    /// <summary>
    /// One expected-mode cycle t on weighted classes: the policy decides on the classes' beliefs (splitting classes where
    /// it mixes), and every class moves to week t — left alone by T, contacted into responders (one class per reported
    /// state) and the silent rest. Classes merge only within their <see cref="BeliefClass.Group"/>; when more than
    /// <paramref name="maxClasses"/> remain, classes with close beliefs merge (<see cref="Bound"/>).
    /// </summary>
    internal static ExpectedCycle ExpectedStep(PopulationEngine engine, DecisionModel model, List<BeliefClass> classes, BeliefPopulation population, double[] weights, ContactPolicy policy, NonResponderUpdate update, int t, int? cyclesRemaining, int maxClasses)
    {
        var evaluation = engine.CreateEvaluation(classes.Count);
        engine.Evaluate(population, evaluation, policy.RequiresResponseAwareValues);
        var shares = new ContactShares(classes.Count, model.Interventions.Count);
        engine.SelectContacts(population, evaluation, policy, weights, t, cyclesRemaining, shares);
        var report = policy.Report(new ContactPolicyContext(model, population, evaluation, weights, t, cyclesRemaining, shares));
        var selection = evaluation.Selection;
        var nextClasses = new List<BeliefClass>();
        var next = new Dictionary<ClassKey, int>();
        double contacts = 0, responses = 0, spend = 0;
        for (var c = 0; c < classes.Count; c++)
        {
            var whole = classes[c];
            if (shares.IsSplit(c))
            {
                // The policy contacts parts of this class (with one intervention or several); the rest is left alone.
                var rest = whole.Weight * (1 - shares.Contacted(c));
                if (rest > 0)
                {
                    Add(nextClasses, next, Multiply(whole.Belief, model.Transition), Multiply(whole.TrueStates, model.Transition), rest, whole.Group);
                }

                for (var j = 0; j < model.Interventions.Count; j++)
                {
                    if (shares[c, j] > 0)
                    {
                        var (n, r, cost) = Contact(model, update, whole with { Weight = whole.Weight * shares[c, j] }, j, nextClasses, next);
                        contacts += n;
                        responses += r;
                        spend += cost;
                    }
                }

                continue;
            }

            var k = selection[c];
            if (k == CycleObservations.None)
            {
                Add(nextClasses, next, Multiply(whole.Belief, model.Transition), Multiply(whole.TrueStates, model.Transition), whole.Weight, whole.Group);
                continue;
            }

            var (cn, cr, cc) = Contact(model, update, whole, k, nextClasses, next);
            contacts += cn;
            responses += cr;
            spend += cc;
        }

        var bounded = Bound(nextClasses, maxClasses, model.StateCount);
        return new ExpectedCycle(bounded, contacts, responses, spend, report, nextClasses.Count - bounded.Count);
    }

    /// <summary>
    /// Keeps at most <paramref name="maxClasses"/> classes (or one per group when there are more groups than that):
    /// unchanged when they fit; otherwise the beliefs are put on a grid of cells of side 1/m per state, m = 4096 and
    /// then coarser by a factor √2 until the classes of distinct (group, cell) fit, and the classes of each cell
    /// merge into one carrying their summed weight and their weight-averaged belief and true-state distribution (the
    /// total weight and the expected true-state distribution stay exact; the organiser's beliefs are approximated).
    /// Each attempt is one pass over the classes, so a week costs O(classes × states × log m). Deterministic: merged
    /// classes keep the order of their first member.
    /// </summary>
    internal static List<BeliefClass> Bound(List<BeliefClass> classes, int maxClasses, int s)
    {
        if (classes.Count <= maxClasses)
        {
            return classes;
        }

        var cells = new Dictionary<CellKey, int>();
        var cellOf = new int[classes.Count];
        for (var resolution = 4096.0; ; resolution /= Math.Sqrt(2))
        {
            // Below one cell per state the grid is one cell per group: the coarsest merge there is.
            var perGroup = resolution < 1;
            cells.Clear();
            for (var c = 0; c < classes.Count; c++)
            {
                var key = new CellKey(classes[c], perGroup ? 0 : resolution);
                if (!cells.TryGetValue(key, out var cell))
                {
                    cell = cells.Count;
                    cells[key] = cell;
                }

                cellOf[c] = cell;
            }

            if (cells.Count <= maxClasses || perGroup)
            {
                break;
            }
        }

        var weight = new double[cells.Count];
        var belief = new double[cells.Count][];
        var trueStates = new double[cells.Count][];
        var group = new int[cells.Count];
        for (var c = 0; c < classes.Count; c++)
        {
            var cls = classes[c];
            var cell = cellOf[c];
            if (belief[cell] is null)
            {
                belief[cell] = new double[s];
                trueStates[cell] = new double[s];
                group[cell] = cls.Group;
            }

            weight[cell] += cls.Weight;
            for (var x = 0; x < s; x++)
            {
                belief[cell][x] += cls.Weight * cls.Belief[x];
                trueStates[cell][x] += cls.Weight * cls.TrueStates[x];
            }
        }

        var result = new List<BeliefClass>(cells.Count);
        for (var cell = 0; cell < cells.Count; cell++)
        {
            for (var x = 0; x < s; x++)
            {
                belief[cell][x] /= weight[cell];
                trueStates[cell][x] /= weight[cell];
            }

            result.Add(new BeliefClass(belief[cell], trueStates[cell], weight[cell], group[cell]));
        }

        return result;
    }

    /// <summary>The expected-mode split of a class contacted with intervention k: responders (one class per reported state) and the silent rest. Returns the contacts, responses and spend.</summary>
    private static (double Contacts, double Responses, double Spend) Contact(DecisionModel model, NonResponderUpdate update, BeliefClass cls, int k, List<BeliefClass> nextClasses, Dictionary<ClassKey, int> next)
    {
        var s = model.StateCount;
        var intervention = model.Interventions[k];
        if (intervention.IsResponseRateStateDependent || intervention.IsReportNoisy)
        {
            var answered = SplitStateDependent(model, intervention, update, cls, nextClasses, next);
            return (cls.Weight, answered, cls.Weight * intervention.Cost);
        }

        var r = intervention.ResponseRate;
        var trueAfter = Multiply(cls.TrueStates, intervention.Transition);
        if (r > 0)
        {
            for (var x = 0; x < s; x++)
            {
                if (trueAfter[x] > 0)
                {
                    Add(nextClasses, next, Certain(s, x), Certain(s, x), cls.Weight * r * trueAfter[x], cls.Group);
                }
            }
        }

        if (r < 1)
        {
            var silentMatrix = update == NonResponderUpdate.PassiveDynamics ? model.Transition : intervention.Transition;
            Add(nextClasses, next, Multiply(cls.Belief, silentMatrix), trueAfter, cls.Weight * (1 - r), cls.Group);
        }

        return (cls.Weight, cls.Weight * r, cls.Weight * intervention.Cost);
    }

    private static SimulationResult RunMonteCarlo(DecisionModel model, SimulationScenario scenario, SimulationOptions options, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var s = model.StateCount;
        var kCount = model.Interventions.Count;
        var n = scenario.Participants;
        var weeksCount = scenario.Weeks;
        var engineOptions = new PopulationEngineOptions { NonResponderUpdate = options.NonResponderUpdate, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        using var engine = new PopulationEngine(model, engineOptions);
        var population = engine.CreatePopulation(n);
        var evaluation = engine.CreateEvaluation(n);
        var observations = new CycleObservations(n);
        var trueStates = new int[n];
        var counts = scenario.InitialStateCounts();
        var passive = Cumulative(model.Transition);
        var interventionRows = model.Interventions.Select(k => Cumulative(k.Transition)).ToArray();
        var rates = model.Interventions.SelectMany(k => Enumerable.Range(0, s).Select(k.GetResponseRate)).ToArray();
        var reportRows = model.Interventions.Select(k => k.ReportModel is { } o ? Cumulative(o) : null).ToArray();
        var costs = model.Interventions.Select(k => k.Cost).ToArray();
        var blocks = (n + BlockSize - 1) / BlockSize;
        var blockContacts = new long[blocks * kCount];
        var blockResponses = new long[blocks];
        var totals = new double[options.Runs, weeksCount + 1];
        var contactSums = new double[weeksCount + 1];
        var responseSums = new double[weeksCount + 1];
        var spendSums = new double[weeksCount + 1];
        var crossings = new int?[options.Runs];
        var reports = new List<PolicyCycleReport>(weeksCount);
        double[] captured = [];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };

        for (var run = 0; run < options.Runs; run++)
        {
            var i0 = 0;
            for (var x = 0; x < s; x++)
            {
                for (var j = 0; j < counts[x]; j++, i0++)
                {
                    trueStates[i0] = x;
                    population.SetCertain(i0, x);
                }
            }

            totals[run, 0] = engine.TotalExpectedUtility(population);
            if (run == 0 && options.CaptureWeek == 0)
            {
                captured = Capture(engine, population);
            }

            for (var t = 1; t <= weeksCount; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                engine.Evaluate(population, evaluation, options.Policy.RequiresResponseAwareValues);
                engine.SelectContacts(population, evaluation, options.Policy, t, weeksCount - t + 1);
                if (run == 0)
                {
                    reports.Add(options.Policy.Report(new ContactPolicyContext(model, population, evaluation, ReadOnlySpan<double>.Empty, t, weeksCount - t + 1)));
                }

                var selection = evaluation.SelectionArray;
                var week = t;
                var runIndex = run;
                Array.Clear(blockContacts);
                Array.Clear(blockResponses);
                Parallel.For(0, blocks, parallel, block =>
                {
                    var rng = SplitMix64.For(options.Seed, runIndex, week, block);
                    var start = block * BlockSize;
                    var end = Math.Min(start + BlockSize, n);
                    var contacts = observations.Contacts;
                    var reports = observations.ReportedStates;
                    long responded = 0;
                    for (var i = start; i < end; i++)
                    {
                        var k = selection[i];
                        contacts[i] = k;
                        if (k == CycleObservations.None)
                        {
                            trueStates[i] = Sample(passive, s, trueStates[i], rng.NextDouble());
                            reports[i] = CycleObservations.None;
                        }
                        else
                        {
                            blockContacts[(block * kCount) + k]++;
                            var before = trueStates[i];
                            var state = Sample(interventionRows[k], s, before, rng.NextDouble());
                            trueStates[i] = state;
                            if (rng.NextDouble() < rates[(k * s) + before])
                            {
                                // A noisy report draws what is reported from O_k(state, ·); an exact one is the state.
                                reports[i] = reportRows[k] is { } noise ? Sample(noise, s, state, rng.NextDouble()) : state;
                                responded++;
                            }
                            else
                            {
                                reports[i] = CycleObservations.None;
                            }
                        }
                    }

                    blockResponses[block] = responded;
                });

                engine.ApplyObservations(population, observations);
                totals[run, t] = engine.TotalExpectedUtility(population);
                if (run == 0 && options.CaptureWeek == t)
                {
                    captured = Capture(engine, population);
                }

                long contactTotal = 0;
                var spend = 0.0;
                for (var b = 0; b < blocks; b++)
                {
                    for (var k = 0; k < kCount; k++)
                    {
                        var c = blockContacts[(b * kCount) + k];
                        contactTotal += c;
                        spend += c * costs[k];
                    }
                }

                contactSums[t] += contactTotal;
                responseSums[t] += blockResponses.Sum();
                spendSums[t] += spend;
                progress?.Report(((run * weeksCount) + t) / (double)(options.Runs * weeksCount));
            }

            var runTotals = new double[weeksCount + 1];
            for (var t = 0; t <= weeksCount; t++)
            {
                runTotals[t] = totals[run, t];
            }

            crossings[run] = FirstCrossing(runTotals, scenario.Threshold);
        }

        var weeks = new List<WeekSummary>(weeksCount + 1);
        var means = new double[weeksCount + 1];
        for (var t = 0; t <= weeksCount; t++)
        {
            var mean = 0.0;
            for (var run = 0; run < options.Runs; run++)
            {
                mean += totals[run, t];
            }

            mean /= options.Runs;
            var variance = 0.0;
            for (var run = 0; run < options.Runs; run++)
            {
                var d = totals[run, t] - mean;
                variance += d * d;
            }

            var sd = options.Runs > 1 ? Math.Sqrt(variance / (options.Runs - 1)) : 0;
            means[t] = mean;
            weeks.Add(new WeekSummary(t, mean, sd, contactSums[t] / options.Runs, responseSums[t] / options.Runs, spendSums[t] / options.Runs));
        }

        return new SimulationResult(SimulationMode.MonteCarlo, options.Policy.Name, n, options.Runs, scenario.Threshold, options.NonResponderUpdate, weeks, FirstCrossing(means, scenario.Threshold), crossings)
        {
            CaptureWeek = options.CaptureWeek,
            CapturedMaximumExpectedUtilities = captured,
            PolicyReports = reports,
        };
    }

    /// <summary>MEU(b_i) of every participant of <paramref name="population"/>, for <see cref="SimulationOptions.CaptureWeek"/>.</summary>
    private static double[] Capture(PopulationEngine engine, BeliefPopulation population)
    {
        var meu = new double[population.Count];
        engine.MaximumExpectedUtilities(population, meu, new int[population.Count]);
        return meu;
    }

    /// <summary>
    /// The expected-mode split of a contacted class when the response rate depends on the state at contact time: from
    /// true state x (probability q(x)) the participant moves to y by C_k and responds with probability r_k(x), so the
    /// class of reported state y has weight w·Σ_x q(x)·r_k(x)·C_k(x, y); the silent class has weight
    /// w·Σ_x q(x)·(1 − r_k(x)), true distribution ∝ Σ_x q(x)·(1 − r_k(x))·C_k(x, ·) and the organiser's belief is the
    /// Bayes posterior of b (or b·T with the passive update). With a noisy report model the responders split by what
    /// they report instead, each class with the organiser's Bayes posterior. Returns the expected number of responses.
    /// </summary>
    private static double SplitStateDependent(DecisionModel model, Intervention intervention, NonResponderUpdate update, BeliefClass cls, List<BeliefClass> nextClasses, Dictionary<ClassKey, int> next)
    {
        var s = model.StateCount;
        var reported = new double[s];
        var silentTrue = new double[s];
        var silentWeight = 0.0;
        for (var x = 0; x < s; x++)
        {
            var q = cls.TrueStates[x];
            if (q == 0)
            {
                continue;
            }

            var r = intervention.GetResponseRate(x);
            silentWeight += q * (1 - r);
            var row = intervention.Transition.GetRow(x);
            for (var y = 0; y < s; y++)
            {
                reported[y] += q * r * row[y];
                silentTrue[y] += q * (1 - r) * row[y];
            }
        }

        var responses = 0.0;
        if (intervention.IsReportNoisy)
        {
            // Report o of the state y reached has probability O_k(y, o): the class of report o has the true distribution
            // ∝ Σ_x q(x)·r_k(x)·C_k(x, y)·O_k(y, o) and the organiser's Bayes posterior of b after that report.
            for (var o = 0; o < s; o++)
            {
                var trueStates = new double[s];
                var weight = 0.0;
                for (var y = 0; y < s; y++)
                {
                    trueStates[y] = reported[y] * intervention.GetReportProbability(y, o);
                    weight += trueStates[y];
                }

                if (weight <= 0)
                {
                    continue;
                }

                for (var y = 0; y < s; y++)
                {
                    trueStates[y] /= weight;
                }

                var belief = new double[s];
                if (DecisionEvaluator.ReportedPosterior(intervention, cls.Belief, o, belief) <= 0)
                {
                    belief = Certain(s, o);
                }

                responses += cls.Weight * weight;
                Add(nextClasses, next, belief, trueStates, cls.Weight * weight, cls.Group);
            }
        }
        else
        {
            for (var y = 0; y < s; y++)
            {
                if (reported[y] > 0)
                {
                    responses += cls.Weight * reported[y];
                    Add(nextClasses, next, Certain(s, y), Certain(s, y), cls.Weight * reported[y], cls.Group);
                }
            }
        }

        if (silentWeight > 0)
        {
            for (var y = 0; y < s; y++)
            {
                silentTrue[y] /= silentWeight;
            }

            double[] belief;
            if (update == NonResponderUpdate.PassiveDynamics)
            {
                belief = Multiply(cls.Belief, model.Transition);
            }
            else
            {
                belief = new double[s];
                DecisionEvaluator.SilentPosterior(intervention, cls.Belief, belief);
            }

            Add(nextClasses, next, belief, silentTrue, cls.Weight * silentWeight, cls.Group);
        }

        return responses;
    }

    private static int Sample(double[] cumulative, int s, int from, double u)
    {
        var row = from * s;
        for (var y = 0; y < s - 1; y++)
        {
            if (u < cumulative[row + y])
            {
                return y;
            }
        }

        return s - 1;
    }

    private static double[] Cumulative(DecisionMatrix m)
    {
        var s = m.RowCount;
        var result = new double[s * s];
        for (var x = 0; x < s; x++)
        {
            var acc = 0.0;
            for (var y = 0; y < s; y++)
            {
                acc += m[x, y];
                result[(x * s) + y] = acc;
            }
        }

        return result;
    }

    private static double[] Certain(int s, int x)
    {
        var p = new double[s];
        p[x] = 1;
        return p;
    }

    private static double[] Multiply(double[] b, DecisionMatrix m)
    {
        var result = new double[m.ColumnCount];
        m.MultiplyLeft(b, result);
        return result;
    }

    internal static (BeliefPopulation Population, double[] Weights) ToPopulation(List<BeliefClass> classes, int s)
    {
        var population = new BeliefPopulation(s, classes.Count);
        var weights = new double[classes.Count];
        for (var c = 0; c < classes.Count; c++)
        {
            for (var x = 0; x < s; x++)
            {
                population.GetStateProbabilities(x)[c] = classes[c].Belief[x];
            }

            weights[c] = classes[c].Weight;
        }

        return (population, weights);
    }

    private static void Add(List<BeliefClass> classes, Dictionary<ClassKey, int> index, double[] belief, double[] trueStates, double weight, int group)
    {
        if (weight <= 0)
        {
            return;
        }

        var key = new ClassKey(belief, trueStates, group);
        if (index.TryGetValue(key, out var existing))
        {
            var c = classes[existing];
            classes[existing] = c with { Weight = c.Weight + weight };
            return;
        }

        index[key] = classes.Count;
        classes.Add(new BeliefClass(belief, trueStates, weight, group));
    }

    /// <summary>A weighted expected-mode class: the organiser's belief, the distribution of the true states, the participants it stands for, and the group of participants it descends from (classes of different groups never merge).</summary>
    internal sealed record BeliefClass(double[] Belief, double[] TrueStates, double Weight, int Group = 0);

    /// <summary>What <see cref="ExpectedStep"/> did: the classes of week t, the expected contacts, responses and spend, the policy's report, and how many classes <see cref="Bound"/> merged away.</summary>
    internal sealed record ExpectedCycle(List<BeliefClass> Classes, double Contacts, double Responses, double Spend, PolicyCycleReport Report, int Merged);

    /// <summary>A class's group and the grid cell of its belief (cells of side 1/resolution; resolution 0: the group alone).</summary>
    private readonly struct CellKey : IEquatable<CellKey>
    {
        private readonly long[] _parts;
        private readonly int _hash;

        public CellKey(BeliefClass cls, double resolution)
        {
            var s = resolution > 0 ? cls.Belief.Length : 0;
            _parts = new long[s + 1];
            var hash = new HashCode();
            _parts[^1] = cls.Group;
            hash.Add(cls.Group);
            for (var i = 0; i < s; i++)
            {
                _parts[i] = (long)Math.Floor(cls.Belief[i] * resolution);
                hash.Add(_parts[i]);
            }

            _hash = hash.ToHashCode();
        }

        public bool Equals(CellKey other) => _parts.AsSpan().SequenceEqual(other._parts);

        public override bool Equals(object? obj) => obj is CellKey other && Equals(other);

        public override int GetHashCode() => _hash;
    }

    /// <summary>Identifies a class by its group, belief and true-state distribution, each rounded to 1e-12.</summary>
    private readonly struct ClassKey : IEquatable<ClassKey>
    {
        private readonly long[] _parts;
        private readonly int _hash;

        public ClassKey(double[] belief, double[] trueStates, int group)
        {
            _parts = new long[belief.Length + trueStates.Length + 1];
            var hash = new HashCode();
            _parts[^1] = group;
            hash.Add(group);
            for (var i = 0; i < belief.Length; i++)
            {
                _parts[i] = (long)Math.Round(belief[i] * 1e12);
                hash.Add(_parts[i]);
            }

            for (var i = 0; i < trueStates.Length; i++)
            {
                _parts[belief.Length + i] = (long)Math.Round(trueStates[i] * 1e12);
                hash.Add(_parts[belief.Length + i]);
            }

            _hash = hash.ToHashCode();
        }

        public bool Equals(ClassKey other) => _parts.AsSpan().SequenceEqual(other._parts);

        public override bool Equals(object? obj) => obj is ClassKey other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}

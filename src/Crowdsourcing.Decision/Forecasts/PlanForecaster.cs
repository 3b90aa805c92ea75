using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Simulation;
using MathNet.Numerics.Distributions;

namespace Crowdsourcing.Decision.Forecasts;

/// <summary>
/// Forecasts a contact plan from the current beliefs: week by week, the expected total expected utility, its spread,
/// the contacts and spend, and when the total crosses the threshold, with its uncertainty. Pure and deterministic.
/// </summary>
/// <remarks>
/// <para><b>The plan.</b> The policy runs cycle after cycle in the simulator's expected mode (see
/// <see cref="Simulator"/>) from the participants' current beliefs — a belief is the distribution of the participant's
/// true state, so it starts as both the organiser's belief and the true-state distribution. Each cycle the policy
/// decides on the weighted classes (planning policies replan from them: a receding horizon), contacted classes split
/// into responders (one class per reported state) and the silent rest, and the totals are exact expectations — up to
/// <see cref="PlanForecastOptions.MaxClasses"/> classes: with noisy reports, beyond it classes with close beliefs merge
/// and the forecast is an approximation (<see cref="PlanForecast.MergedClasses"/>).</para>
/// <para><b>The spread.</b> Participants with the same starting belief form a group of n_g; each of them independently
/// follows one branch j of the group's classes with probability w_j / n_g (w_j the class's weight), ending with
/// MEU(b_j). The week's total is a sum of independent participants, so its variance is exactly
/// Σ_g [Σ_j w_j·MEU(b_j)² − (Σ_j w_j·MEU(b_j))² / n_g] (the policy's decisions taken as planned).</para>
/// <para><b>The crossing week.</b> P(total of week w ≥ threshold) is read from the normal approximation of that sum
/// (good for crowds of tens or more; exact 0 or 1 when the spread is 0). The probability of having crossed by week w
/// is the largest of these so far — a lower bound of the true one, which also counts paths that cross and fall back.
/// The crossing week's distribution follows: its most likely week is where that probability grows most, and its
/// interval runs from the week it reaches (1 − level)/2 to the week it reaches (1 + level)/2.</para>
/// </remarks>
public static class PlanForecaster
{
    /// <summary>Forecasts <paramref name="policy"/> from <paramref name="population"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="population">Every participant's current belief (of week <see cref="PlanForecastOptions.StartWeek"/>, reports applied).</param>
    /// <param name="policy">The contact policy, as the runtime would run it (a planning policy replans every cycle).</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels between weeks.</param>
    /// <returns>The forecast.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ValidationFailedException">An option is out of range, or the population's beliefs do not have the model's states.</exception>
    public static PlanForecast Forecast(DecisionModel model, BeliefPopulation population, ContactPolicy policy, PlanForecastOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(policy);
        options ??= new PlanForecastOptions();
        options.Validate();
        var s = model.StateCount;
        if (population.StateCount != s)
        {
            throw new ValidationFailedException("population", $"The beliefs have {population.StateCount} states; the model has {s} ({string.Join(", ", model.States)}).");
        }

        // Groups: participants with the same starting belief (to 1e-12).
        var groups = new Dictionary<BeliefKey, int>();
        var classes = new List<Simulator.BeliefClass>();
        var belief = new double[s];
        for (var i = 0; i < population.Count; i++)
        {
            population.GetBelief(i, belief);
            var key = new BeliefKey(belief);
            if (groups.TryGetValue(key, out var g))
            {
                classes[g] = classes[g] with { Weight = classes[g].Weight + 1 };
                continue;
            }

            groups[key] = classes.Count;
            classes.Add(new Simulator.BeliefClass([.. belief], [.. belief], 1, classes.Count));
        }

        var sizes = classes.Select(c => c.Weight).ToArray();
        using var engine = new PopulationEngine(model, new PopulationEngineOptions { NonResponderUpdate = options.NonResponderUpdate, MaxDegreeOfParallelism = 1 });
        var (beliefs, weights) = Simulator.ToPopulation(classes, s);
        var weeks = new List<ForecastWeek>(options.Weeks + 1);
        var (mean0, _) = Moments(engine, beliefs, weights, classes, sizes);
        var reached0 = Simulator.Reaches(mean0, options.Threshold) ? 1.0 : 0.0;
        weeks.Add(new ForecastWeek(options.StartWeek, mean0, 0, 0, 0, reached0, reached0));
        var crossed = reached0;
        var merged = 0L;
        for (var step = 1; step <= options.Weeks; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cycle = options.StartWeek + step;
            var cyclesRemaining = options.WorkshopWeek is { } workshop && workshop >= cycle ? workshop - cycle + 1 : (int?)null;
            var result = Simulator.ExpectedStep(engine, model, classes, beliefs, weights, policy, options.NonResponderUpdate, cycle, cyclesRemaining, options.MaxClasses);
            classes = result.Classes;
            merged += result.Merged;
            (beliefs, weights) = Simulator.ToPopulation(classes, s);
            var (mean, variance) = Moments(engine, beliefs, weights, classes, sizes);
            var sd = Math.Sqrt(variance);
            var reached = Probability(mean, sd, options.Threshold);
            crossed = Math.Max(crossed, reached);
            weeks.Add(new ForecastWeek(cycle, mean, sd, result.Contacts, result.Spend, reached, crossed));
        }

        return new PlanForecast(policy.Name, population.Count, options.Threshold, options.WorkshopWeek, weeks, Crossing(weeks, options.IntervalLevel)) { MergedClasses = merged };
    }

    /// <summary>The standard normal's quantile.</summary>
    internal static double NormalQuantile(double p) => Normal.InvCDF(0, 1, p);

    private static double Probability(double mean, double sd, double threshold)
    {
        if (Simulator.Reaches(mean, threshold) && sd == 0)
        {
            return 1;
        }

        if (sd == 0)
        {
            return 0;
        }

        var tolerance = 1e-9 * Math.Max(1, Math.Abs(threshold));
        return Normal.CDF(0, 1, (mean - threshold + tolerance) / sd);
    }

    private static CrossingWeekForecast Crossing(List<ForecastWeek> weeks, double level)
    {
        int? mostLikely = null;
        var largest = 0.0;
        var before = 0.0;
        foreach (var week in weeks)
        {
            var grows = week.ProbabilityCrossedBy - before;
            if (grows > largest + 1e-12)
            {
                largest = grows;
                mostLikely = week.Week;
            }

            before = week.ProbabilityCrossedBy;
        }

        var low = (1 - level) / 2;
        var high = (1 + level) / 2;
        var lower = weeks.FirstOrDefault(w => w.ProbabilityCrossedBy >= low)?.Week;
        var upper = weeks.FirstOrDefault(w => w.ProbabilityCrossedBy >= high)?.Week;
        return new CrossingWeekForecast(mostLikely, lower, upper, level, weeks[^1].ProbabilityCrossedBy);
    }

    /// <summary>The week's expected total and its variance over the groups' independent participants.</summary>
    private static (double Mean, double Variance) Moments(PopulationEngine engine, BeliefPopulation beliefs, double[] weights, List<Simulator.BeliefClass> classes, double[] sizes)
    {
        var meu = new double[classes.Count];
        engine.MaximumExpectedUtilities(beliefs, meu, new int[classes.Count]);
        var first = new double[sizes.Length];
        var second = new double[sizes.Length];
        var mean = 0.0;
        for (var c = 0; c < classes.Count; c++)
        {
            var g = classes[c].Group;
            var w = weights[c];
            first[g] += w * meu[c];
            second[g] += w * meu[c] * meu[c];
            mean += w * meu[c];
        }

        var variance = 0.0;
        for (var g = 0; g < sizes.Length; g++)
        {
            variance += Math.Max(0, second[g] - (first[g] * first[g] / sizes[g]));
        }

        return (mean, variance);
    }

    /// <summary>A belief rounded to 1e-12, as a dictionary key.</summary>
    private readonly struct BeliefKey : IEquatable<BeliefKey>
    {
        private readonly long[] _parts;
        private readonly int _hash;

        public BeliefKey(double[] belief)
        {
            _parts = new long[belief.Length];
            var hash = new HashCode();
            for (var i = 0; i < belief.Length; i++)
            {
                _parts[i] = (long)Math.Round(belief[i] * 1e12);
                hash.Add(_parts[i]);
            }

            _hash = hash.ToHashCode();
        }

        public bool Equals(BeliefKey other) => _parts.AsSpan().SequenceEqual(other._parts);

        public override bool Equals(object? obj) => obj is BeliefKey other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}

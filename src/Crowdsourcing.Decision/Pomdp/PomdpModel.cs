using System.Collections.ObjectModel;
using System.Globalization;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.Pomdp;

/// <summary>
/// A general finite partially observable Markov decision process (POMDP): states S, actions A, observations Ω, a
/// transition matrix T(s, a, s') and an observation matrix O(a, s', o) per action, an expected immediate reward R(a, s)
/// per action and start state, a discount γ ∈ (0, 1], a start belief b₀ and an optional terminal value function
/// (a set of vectors whose upper envelope is the value after the last step; none means 0). Solved for a finite
/// horizon by <see cref="PomdpModelSolver"/>; read from and written to Cassandra's <c>.pomdp</c> format by
/// <see cref="PomdpFile"/>; <see cref="FromDecisionModel"/> expresses the CrowdArb planner as one such model.
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Limits: at most <see cref="MaxStates"/> states, <see cref="MaxActions"/> actions and <see cref="MaxObservations"/>
/// observations, and at most <see cref="MaxEntries"/> numbers in T and in O each (|A|·|S|² and |A|·|S|·|Ω|). Rows of T
/// and O must sum to 1 within <see cref="RowSumTolerance"/> (they are then rescaled to sum to 1 exactly); entries
/// must be finite and non-negative; rewards finite.
/// </remarks>
public sealed class PomdpModel
{
    /// <summary>The most states: 2,000.</summary>
    public const int MaxStates = 2_000;

    /// <summary>The most actions: 1,000.</summary>
    public const int MaxActions = 1_000;

    /// <summary>The most observations: 1,000.</summary>
    public const int MaxObservations = 1_000;

    /// <summary>The most numbers in the transition or the observation tables: 20,000,000.</summary>
    public const long MaxEntries = 20_000_000;

    /// <summary>How far a row of T or O, or the start belief, may sum from 1 before it is refused: 1e-4 (files often carry probabilities with 3 or 4 digits).</summary>
    public const double RowSumTolerance = 1e-4;

    private readonly double[] _transitions;
    private readonly double[] _observations;
    private readonly double[] _rewards;
    private readonly double[] _initial;
    private readonly double[][] _terminal;

    /// <summary>Creates and validates a model.</summary>
    /// <param name="states">The state names, unique and non-empty.</param>
    /// <param name="actions">The action names, unique and non-empty.</param>
    /// <param name="observations">The observation names, unique and non-empty.</param>
    /// <param name="transitions">T as <c>[a][s][s']</c>: the probability of moving from s to s' under a.</param>
    /// <param name="observationProbabilities">O as <c>[a][s'][o]</c>: the probability of observing o after a led to s'.</param>
    /// <param name="rewards">R as <c>[a][s]</c>: the expected immediate reward of doing a in s.</param>
    /// <param name="discount">γ, in (0, 1]; default 1 (no discounting).</param>
    /// <param name="initialBelief">b₀, one entry per state summing to 1; <see langword="null"/> for the uniform belief.</param>
    /// <param name="terminalValues">The terminal value function as vectors of one entry per state (its value at a belief is the largest dot product); <see langword="null"/> or empty for 0.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ValidationFailedException">A dimension, probability, reward or name is invalid; the path names the table, action and state (for example <c>transitions[listen][tiger-left]</c>).</exception>
    public PomdpModel(
        IReadOnlyList<string> states,
        IReadOnlyList<string> actions,
        IReadOnlyList<string> observations,
        IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> transitions,
        IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> observationProbabilities,
        IReadOnlyList<IReadOnlyList<double>> rewards,
        double discount = 1,
        IReadOnlyList<double>? initialBelief = null,
        IReadOnlyList<IReadOnlyList<double>>? terminalValues = null)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(transitions);
        ArgumentNullException.ThrowIfNull(observationProbabilities);
        ArgumentNullException.ThrowIfNull(rewards);
        States = Names(states, "states", MaxStates);
        Actions = Names(actions, "actions", MaxActions);
        Observations = Names(observations, "observations", MaxObservations);
        var s = States.Count;
        var a = Actions.Count;
        var o = Observations.Count;
        if ((long)a * s * s > MaxEntries || (long)a * s * o > MaxEntries)
        {
            throw new ValidationFailedException("states", string.Create(CultureInfo.InvariantCulture, $"The model is too large: {a} actions × {s} states × {Math.Max(s, o)} entries exceed {MaxEntries:N0} numbers per table."));
        }

        if (!(discount > 0 && discount <= 1))
        {
            throw new ValidationFailedException("discount", string.Create(CultureInfo.InvariantCulture, $"The discount must be in (0, 1]. (value: {discount})"));
        }

        Discount = discount;
        _transitions = Table(transitions, "transitions", a, s, s, States, States);
        _observations = Table(observationProbabilities, "observations", a, s, o, States, Observations);
        _rewards = new double[a * s];
        Count(rewards.Count, a, "rewards", "actions");
        for (var i = 0; i < a; i++)
        {
            var row = rewards[i] ?? throw new ValidationFailedException($"rewards[{Actions[i]}]", $"rewards[{Actions[i]}] is missing.");
            Count(row.Count, s, $"rewards[{Actions[i]}]", "states");
            for (var x = 0; x < s; x++)
            {
                if (!double.IsFinite(row[x]))
                {
                    throw new ValidationFailedException($"rewards[{Actions[i]}][{States[x]}]", string.Create(CultureInfo.InvariantCulture, $"rewards[{Actions[i]}][{States[x]}] must be finite. (value: {row[x]})"));
                }

                _rewards[(i * s) + x] = row[x];
            }
        }

        _initial = new double[s];
        if (initialBelief is null)
        {
            Array.Fill(_initial, 1.0 / s);
        }
        else
        {
            Count(initialBelief.Count, s, "initialBelief", "states");
            Distribution(initialBelief, "initialBelief", States, _initial);
        }

        var terminal = new List<double[]>();
        if (terminalValues is not null)
        {
            for (var v = 0; v < terminalValues.Count; v++)
            {
                var vector = terminalValues[v] ?? throw new ValidationFailedException($"terminalValues[{v}]", $"terminalValues[{v}] is missing.");
                Count(vector.Count, s, $"terminalValues[{v}]", "states");
                var copy = new double[s];
                for (var x = 0; x < s; x++)
                {
                    if (!double.IsFinite(vector[x]))
                    {
                        throw new ValidationFailedException($"terminalValues[{v}][{States[x]}]", string.Create(CultureInfo.InvariantCulture, $"terminalValues[{v}][{States[x]}] must be finite. (value: {vector[x]})"));
                    }

                    copy[x] = vector[x];
                }

                terminal.Add(copy);
            }
        }

        _terminal = [.. terminal];
        InitialBelief = Array.AsReadOnly(_initial);
        TerminalValues = new ReadOnlyCollection<IReadOnlyList<double>>([.. _terminal.Select(t => (IReadOnlyList<double>)Array.AsReadOnly(t))]);
    }

    /// <summary>The state names.</summary>
    public IReadOnlyList<string> States { get; }

    /// <summary>The action names.</summary>
    public IReadOnlyList<string> Actions { get; }

    /// <summary>The observation names.</summary>
    public IReadOnlyList<string> Observations { get; }

    /// <summary>|S|.</summary>
    public int StateCount => States.Count;

    /// <summary>|A|.</summary>
    public int ActionCount => Actions.Count;

    /// <summary>|Ω|.</summary>
    public int ObservationCount => Observations.Count;

    /// <summary>γ, in (0, 1].</summary>
    public double Discount { get; }

    /// <summary>b₀, the start belief (uniform unless given).</summary>
    public IReadOnlyList<double> InitialBelief { get; }

    /// <summary>The terminal value function's vectors (empty: the value after the last step is 0).</summary>
    public IReadOnlyList<IReadOnlyList<double>> TerminalValues { get; }

    /// <summary>T(s, a, s'): the probability of moving from <paramref name="state"/> to <paramref name="next"/> under <paramref name="action"/>.</summary>
    /// <param name="action">a.</param>
    /// <param name="state">s.</param>
    /// <param name="next">s'.</param>
    /// <returns>The probability.</returns>
    /// <exception cref="IndexOutOfRangeException">An index is out of range.</exception>
    public double Transition(int action, int state, int next) => _transitions[(((action * StateCount) + state) * StateCount) + next];

    /// <summary>O(a, s', o): the probability of observing <paramref name="observation"/> when <paramref name="action"/> led to <paramref name="next"/>.</summary>
    /// <param name="action">a.</param>
    /// <param name="next">s'.</param>
    /// <param name="observation">o.</param>
    /// <returns>The probability.</returns>
    /// <exception cref="IndexOutOfRangeException">An index is out of range.</exception>
    public double Observation(int action, int next, int observation) => _observations[(((action * StateCount) + next) * ObservationCount) + observation];

    /// <summary>R(a, s): the expected immediate reward of <paramref name="action"/> in <paramref name="state"/>.</summary>
    /// <param name="action">a.</param>
    /// <param name="state">s.</param>
    /// <returns>The reward.</returns>
    /// <exception cref="IndexOutOfRangeException">An index is out of range.</exception>
    public double Reward(int action, int state) => _rewards[(action * StateCount) + state];

    /// <summary>
    /// Bayes' rule: the belief after doing <paramref name="action"/> in <paramref name="belief"/> and observing
    /// <paramref name="observation"/>, b'(s') ∝ O(a, s', o)·Σ_s b(s)·T(s, a, s'), written into <paramref name="result"/>.
    /// </summary>
    /// <param name="belief">b, one entry per state.</param>
    /// <param name="action">a.</param>
    /// <param name="observation">o.</param>
    /// <param name="result">Receives b' (unchanged when the observation is impossible).</param>
    /// <returns>P(o | b, a); 0 when the observation cannot happen (then <paramref name="result"/> is left as it was).</returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public double UpdateBelief(ReadOnlySpan<double> belief, int action, int observation, Span<double> result)
    {
        var s = StateCount;
        if (belief.Length != s || result.Length != s)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The belief and the result need {s} entries each."));
        }

        Span<double> next = s <= 256 ? stackalloc double[s] : new double[s];
        next.Clear();
        for (var x = 0; x < s; x++)
        {
            var bx = belief[x];
            if (bx == 0)
            {
                continue;
            }

            var row = _transitions.AsSpan(((action * s) + x) * s, s);
            for (var y = 0; y < s; y++)
            {
                next[y] += bx * row[y];
            }
        }

        var total = 0.0;
        for (var y = 0; y < s; y++)
        {
            next[y] *= Observation(action, y, observation);
            total += next[y];
        }

        if (total <= 0)
        {
            return 0;
        }

        for (var y = 0; y < s; y++)
        {
            result[y] = next[y] / total;
        }

        return total;
    }

    /// <summary>A copy of the model with another discount or start belief.</summary>
    /// <param name="discount">The new γ, or <see langword="null"/> to keep it.</param>
    /// <param name="initialBelief">The new b₀, or <see langword="null"/> to keep it.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ValidationFailedException">The discount or the belief is invalid.</exception>
    public PomdpModel With(double? discount = null, IReadOnlyList<double>? initialBelief = null) =>
        new(States, Actions, Observations, Nested(_transitions, ActionCount, StateCount, StateCount), Nested(_observations, ActionCount, StateCount, ObservationCount), [.. Enumerable.Range(0, ActionCount).Select(a => (IReadOnlyList<double>)_rewards.AsSpan(a * StateCount, StateCount).ToArray())], discount ?? Discount, initialBelief ?? InitialBelief, TerminalValues);

    /// <summary>
    /// The CrowdArb planning problem of <paramref name="model"/> (see <see cref="PomdpSolver"/>) as a general POMDP:
    /// actions "leave-alone" (the state moves by T, nothing is observed) and one per intervention k (cost c_k as a
    /// negative reward; the state moves by C_k; with probability r_k the participant responds and the new state is
    /// reported, otherwise "none"; a report o of the state y reached has probability O_k(y, o), the intervention's
    /// <see cref="Intervention.ReportModel"/>, identity when reports are the truth); the terminal value function is the columns of U (MEU at the workshop); no discount.
    /// When some response rate depends on the state, each state is split into "x" (no answer in the last step) and
    /// "x+answered" so that the observation depends only on the state reached, as the format requires; beliefs over
    /// the model's states then map to the "x" half.
    /// </summary>
    /// <param name="model">The decision model.</param>
    /// <param name="initialBelief">b₀ over the model's states; <see langword="null"/> for uniform.</param>
    /// <returns>The POMDP.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ValidationFailedException">The belief is invalid.</exception>
    public static PomdpModel FromDecisionModel(DecisionModel model, IReadOnlyList<double>? initialBelief = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var n = model.StateCount;
        var k = model.Interventions.Count;
        var split = model.HasStateDependentResponseRates;
        var s = split ? 2 * n : n;
        List<string> states = split ? [.. model.States, .. model.States.Select(x => x + "+answered")] : [.. model.States];
        var actions = new List<string> { "leave-alone" };
        actions.AddRange(model.Interventions.Select(i => i.Name));
        var observations = new List<string> { "none" };
        observations.AddRange(model.States);
        var o = observations.Count;
        var transitions = new double[k + 1][][];
        var observationTable = new double[k + 1][][];
        var rewards = new double[k + 1][];
        for (var a = 0; a <= k; a++)
        {
            var intervention = a == 0 ? null : model.Interventions[a - 1];
            var matrix = intervention?.Transition ?? model.Transition;
            transitions[a] = new double[s][];
            observationTable[a] = new double[s][];
            rewards[a] = new double[s];
            for (var x = 0; x < s; x++)
            {
                var from = x % n;
                var row = new double[s];
                var rate = intervention?.GetResponseRate(from) ?? 0;
                for (var y = 0; y < n; y++)
                {
                    var p = matrix[from, y];
                    if (split && intervention is not null)
                    {
                        row[y] = p * (1 - rate);
                        row[n + y] = p * rate;
                    }
                    else
                    {
                        row[y] = p;
                    }
                }

                transitions[a][x] = row;
                rewards[a][x] = intervention is null ? 0 : -intervention.Cost;
                var observed = new double[o];
                var reached = x % n;
                if (intervention is null)
                {
                    observed[0] = 1;
                }
                else if (split && x < n)
                {
                    observed[0] = 1;
                }
                else
                {
                    // Answered: the report o of the state reached follows the intervention's report model.
                    var r = split ? 1 : intervention.GetResponseRate(0);
                    observed[0] = 1 - r;
                    for (var z = 0; z < n; z++)
                    {
                        observed[1 + z] += r * intervention.GetReportProbability(reached, z);
                    }
                }

                observationTable[a][x] = observed;
            }
        }

        var terminal = new List<IReadOnlyList<double>>();
        for (var a = 0; a < model.ActionCount; a++)
        {
            var v = new double[s];
            for (var x = 0; x < s; x++)
            {
                v[x] = model.Utility[x % n, a];
            }

            terminal.Add(v);
        }

        double[]? start = null;
        if (initialBelief is not null)
        {
            if (initialBelief.Count != n)
            {
                throw new ValidationFailedException("initialBelief", string.Create(CultureInfo.InvariantCulture, $"initialBelief has {initialBelief.Count} entries; the model has {n} states."));
            }

            start = new double[s];
            for (var x = 0; x < n; x++)
            {
                start[x] = initialBelief[x];
            }
        }
        else if (split)
        {
            start = new double[s];
            for (var x = 0; x < n; x++)
            {
                start[x] = 1.0 / n;
            }
        }

        return new PomdpModel(states, actions, observations, Jag(transitions), Jag(observationTable), [.. rewards.Select(r => (IReadOnlyList<double>)r)], 1, start, terminal);
    }

    internal ReadOnlySpan<double> TransitionRow(int action, int state) => _transitions.AsSpan(((action * StateCount) + state) * StateCount, StateCount);

    internal ReadOnlySpan<double> RewardRow(int action) => _rewards.AsSpan(action * StateCount, StateCount);

    internal double[][] TerminalArrays => _terminal;

    private static IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> Jag(double[][][] table) =>
        [.. table.Select(m => (IReadOnlyList<IReadOnlyList<double>>)[.. m.Select(r => (IReadOnlyList<double>)r)])];

    private static IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> Nested(double[] flat, int a, int rows, int columns) =>
        [.. Enumerable.Range(0, a).Select(i => (IReadOnlyList<IReadOnlyList<double>>)[.. Enumerable.Range(0, rows).Select(r => (IReadOnlyList<double>)flat.AsSpan(((i * rows) + r) * columns, columns).ToArray())])];

    private static ReadOnlyCollection<string> Names(IReadOnlyList<string> names, string what, int max)
    {
        if (names.Count == 0)
        {
            throw new ValidationFailedException(what, $"The model needs at least one entry in {what}.");
        }

        if (names.Count > max)
        {
            throw new ValidationFailedException(what, string.Create(CultureInfo.InvariantCulture, $"{what} has {names.Count} entries; at most {max:N0} are allowed."));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ValidationFailedException($"{what}[{i}]", $"{what}[{i}] needs a name.");
            }

            if (!seen.Add(name))
            {
                throw new ValidationFailedException($"{what}[{i}]", $"{what}[{i}]: the name '{name}' appears twice.");
            }
        }

        return new ReadOnlyCollection<string>([.. names]);
    }

    private static void Count(int count, int expected, string path, string what)
    {
        if (count != expected)
        {
            throw new ValidationFailedException(path, string.Create(CultureInfo.InvariantCulture, $"{path} has {count} entries; it needs one per entry of {what} ({expected})."));
        }
    }

    private double[] Table(IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> table, string name, int a, int rows, int columns, IReadOnlyList<string> rowNames, IReadOnlyList<string> columnNames)
    {
        var flat = new double[a * rows * columns];
        Count(table.Count, a, name, "actions");
        for (var i = 0; i < a; i++)
        {
            var matrix = table[i] ?? throw new ValidationFailedException($"{name}[{Actions[i]}]", $"{name}[{Actions[i]}] is missing.");
            Count(matrix.Count, rows, $"{name}[{Actions[i]}]", "states");
            for (var r = 0; r < rows; r++)
            {
                var path = $"{name}[{Actions[i]}][{rowNames[r]}]";
                var row = matrix[r] ?? throw new ValidationFailedException(path, $"{path} is missing.");
                Count(row.Count, columns, path, ReferenceEquals(columnNames, States) ? "states" : "observations");
                Distribution(row, path, columnNames, flat.AsSpan(((i * rows) + r) * columns, columns));
            }
        }

        return flat;
    }

    private static void Distribution(IReadOnlyList<double> row, string path, IReadOnlyList<string> names, Span<double> target)
    {
        var sum = 0.0;
        for (var c = 0; c < row.Count; c++)
        {
            var p = row[c];
            if (!double.IsFinite(p) || p < 0)
            {
                throw new ValidationFailedException($"{path}[{names[c]}]", string.Create(CultureInfo.InvariantCulture, $"{path}[{names[c]}] must be a probability (finite, not negative). (value: {p})"));
            }

            sum += p;
        }

        if (Math.Abs(sum - 1) > RowSumTolerance)
        {
            throw new ValidationFailedException(path, string.Create(CultureInfo.InvariantCulture, $"{path} sums to {sum:R}; a probability distribution must sum to 1 (within {RowSumTolerance})."));
        }

        for (var c = 0; c < row.Count; c++)
        {
            target[c] = row[c] / sum;
        }
    }
}

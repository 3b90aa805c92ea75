using System.Collections.ObjectModel;
using System.Globalization;

namespace Crowdsourcing.Decision.Models;

/// <summary>
/// An immutable, validated decision model: named states S (the CrowdArb paper: poor, fair, good), named actions A
/// (leave out, invite), the utility table U(state, action), the passive transition matrix T that moves beliefs each
/// cycle (b' = b·T), and one or more <see cref="Intervention"/>s.
/// </summary>
/// <remarks>
/// <para>Validation (at construction): at least one state, one action and one intervention; names non-empty and unique;
/// U is states × actions, T and every C_k are states × states; every entry is finite; transition entries are
/// non-negative; every transition row sums to 1 within <see cref="RowSumTolerance"/> (or is divided by its sum when
/// <see cref="RowNormalization.Normalize"/> is asked for); response rates are in [0, 1]; costs are non-negative.</para>
/// <para>Every failure is a <see cref="DecisionModelException"/> whose message names the table, the row or cell and the
/// value, e.g. <c>Table 'interventions[0].transition' row 'good' sums to 1.1; rows must sum to 1 within 1e-9</c>.</para>
/// </remarks>
public sealed class DecisionModel
{
    /// <summary>The tolerance on the sum of a transition row: 1e-9.</summary>
    public const double RowSumTolerance = 1e-9;

    private readonly Dictionary<string, int> _stateIndex;
    private readonly Dictionary<string, int> _actionIndex;

    /// <summary>Creates and validates a model.</summary>
    /// <param name="states">The state names, in the order of the rows and columns of the tables.</param>
    /// <param name="actions">The action names, in the order of the columns of <paramref name="utility"/>.</param>
    /// <param name="utility">U(state, action): states × actions, finite.</param>
    /// <param name="transition">The passive transition matrix T: states × states.</param>
    /// <param name="interventions">One or more interventions with distinct names.</param>
    /// <param name="rowNormalization">What to do with a transition row that does not sum to 1; default <see cref="RowNormalization.Fail"/>.</param>
    /// <exception cref="DecisionModelException">The model is invalid; the message says where and why.</exception>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public DecisionModel(
        IEnumerable<string> states,
        IEnumerable<string> actions,
        DecisionMatrix utility,
        DecisionMatrix transition,
        IEnumerable<Intervention> interventions,
        RowNormalization rowNormalization = RowNormalization.Fail)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(utility);
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(interventions);

        var stateList = states.ToArray();
        var actionList = actions.ToArray();
        _stateIndex = ValidateNames(stateList, "states", "state");
        _actionIndex = ValidateNames(actionList, "actions", "action");
        States = new ReadOnlyCollection<string>(stateList);
        Actions = new ReadOnlyCollection<string>(actionList);

        ValidateShape(utility, "utility", stateList.Length, actionList.Length, "states × actions");
        ValidateFinite(utility, "utility", actionList, allowNegative: true);
        Utility = utility;

        Transition = ValidateTransition(transition, "transition", rowNormalization);

        var interventionList = interventions.ToArray();
        if (interventionList.Length == 0)
        {
            throw new DecisionModelException("Table 'interventions' is empty; a model needs at least one intervention.", "interventions");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < interventionList.Length; k++)
        {
            var intervention = interventionList[k] ?? throw new DecisionModelException(string.Create(CultureInfo.InvariantCulture, $"Table 'interventions' entry {k} is null."), "interventions", rowIndex: k);
            if (!names.Add(intervention.Name))
            {
                throw new DecisionModelException(
                    string.Create(CultureInfo.InvariantCulture, $"Field 'interventions[{k}].name' repeats the name '{intervention.Name}'; intervention names must be unique."),
                    string.Create(CultureInfo.InvariantCulture, $"interventions[{k}].name"));
            }

            if (intervention.StateResponseRates is { } rates && rates.Count != stateList.Length)
            {
                throw new DecisionModelException(
                    string.Create(CultureInfo.InvariantCulture, $"Field 'interventions[{k}].responseRate' of intervention '{intervention.Name}' has {rates.Count} entries; give one rate per state ({string.Join(", ", stateList)}) or a single number."),
                    string.Create(CultureInfo.InvariantCulture, $"interventions[{k}].responseRate"));
            }

            var table = string.Create(CultureInfo.InvariantCulture, $"interventions[{k}].transition");
            var checkedMatrix = ValidateTransition(intervention.Transition, table, rowNormalization);
            interventionList[k] = ReferenceEquals(checkedMatrix, intervention.Transition) ? intervention : intervention.WithTransition(checkedMatrix);
            if (intervention.ReportModel is { } reportModel)
            {
                // An identity report model is the paper's: it is dropped so that the exact code paths run unchanged.
                var checkedReports = ValidateTransition(reportModel, string.Create(CultureInfo.InvariantCulture, $"interventions[{k}].reportModel"), rowNormalization);
                var identity = true;
                for (var x = 0; x < stateList.Length && identity; x++)
                {
                    for (var o = 0; o < stateList.Length && identity; o++)
                    {
                        identity = checkedReports[x, o] == (x == o ? 1 : 0);
                    }
                }

                if (identity || !ReferenceEquals(checkedReports, reportModel))
                {
                    interventionList[k] = interventionList[k].WithReportModel(identity ? null : checkedReports);
                }
            }
        }

        Interventions = new ReadOnlyCollection<Intervention>(interventionList);
    }

    /// <summary>The state names.</summary>
    public IReadOnlyList<string> States { get; }

    /// <summary>The action names.</summary>
    public IReadOnlyList<string> Actions { get; }

    /// <summary>The utility table U(state, action), states × actions.</summary>
    public DecisionMatrix Utility { get; }

    /// <summary>The passive transition matrix T (the paper's time-evolution matrix), states × states, rows summing to 1.</summary>
    public DecisionMatrix Transition { get; }

    /// <summary>The interventions, with rows normalised when that was asked for.</summary>
    public IReadOnlyList<Intervention> Interventions { get; }

    /// <summary>The number of states.</summary>
    public int StateCount => States.Count;

    /// <summary>The number of actions.</summary>
    public int ActionCount => Actions.Count;

    /// <summary>The index of a state by name (ordinal), or -1.</summary>
    /// <param name="name">The state name.</param>
    /// <returns>The index, or -1 when there is no such state.</returns>
    public int IndexOfState(string name) => name is not null && _stateIndex.TryGetValue(name, out var i) ? i : -1;

    /// <summary>The index of an action by name (ordinal), or -1.</summary>
    /// <param name="name">The action name.</param>
    /// <returns>The index, or -1 when there is no such action.</returns>
    public int IndexOfAction(string name) => name is not null && _actionIndex.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Whether any intervention has a noisy report model (<see cref="Intervention.ReportModel"/>).</summary>
    public bool HasNoisyReports => Interventions.Any(k => k.IsReportNoisy);

    /// <summary>Whether any intervention has state-dependent response rates.</summary>
    public bool HasStateDependentResponseRates => Interventions.Any(k => k.IsResponseRateStateDependent);

    /// <summary>A copy of this model with other tables (each <see langword="null"/> keeps the current one); validated like a new model.</summary>
    /// <param name="utility">U(state, action).</param>
    /// <param name="transition">T.</param>
    /// <param name="interventions">The interventions.</param>
    /// <returns>The new model.</returns>
    /// <exception cref="DecisionModelException">The new model is invalid.</exception>
    public DecisionModel With(DecisionMatrix? utility = null, DecisionMatrix? transition = null, IEnumerable<Intervention>? interventions = null) =>
        new(States, Actions, utility ?? Utility, transition ?? Transition, interventions ?? Interventions);

    /// <summary>The index of an intervention by name (ordinal), or -1.</summary>
    /// <param name="name">The intervention name.</param>
    /// <returns>The index, or -1 when there is no such intervention.</returns>
    public int IndexOfIntervention(string name)
    {
        for (var k = 0; k < Interventions.Count; k++)
        {
            if (string.Equals(Interventions[k].Name, name, StringComparison.Ordinal))
            {
                return k;
            }
        }

        return -1;
    }

    private static Dictionary<string, int> ValidateNames(string[] names, string table, string kind)
    {
        if (names.Length == 0)
        {
            throw new DecisionModelException($"Table '{table}' is empty; a model needs at least one {kind}.", table);
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new DecisionModelException(string.Create(CultureInfo.InvariantCulture, $"Table '{table}' entry {i} is empty; every {kind} needs a name."), table, rowIndex: i);
            }

            if (!index.TryAdd(name, i))
            {
                throw new DecisionModelException(string.Create(CultureInfo.InvariantCulture, $"Table '{table}' repeats the name '{name}' at index {i}; {kind} names must be unique."), table, row: name, rowIndex: i);
            }
        }

        return index;
    }

    private void ValidateShape(DecisionMatrix matrix, string table, int rows, int columns, string expected)
    {
        if (matrix.RowCount != rows)
        {
            throw new DecisionModelException(
                string.Create(CultureInfo.InvariantCulture, $"Table '{table}' has {matrix.RowCount} rows; it must be {expected} ({rows} × {columns}), one row per state ({string.Join(", ", States)})."),
                table);
        }

        if (matrix.ColumnCount != columns)
        {
            throw new DecisionModelException(
                string.Create(CultureInfo.InvariantCulture, $"Table '{table}' has {matrix.ColumnCount} columns; it must be {expected} ({rows} × {columns})."),
                table);
        }
    }

    private void ValidateFinite(DecisionMatrix matrix, string table, IReadOnlyList<string> columnNames, bool allowNegative)
    {
        for (var r = 0; r < matrix.RowCount; r++)
        {
            var row = matrix.GetRow(r);
            for (var c = 0; c < row.Length; c++)
            {
                var v = row[c];
                if (!double.IsFinite(v) || (!allowNegative && v < 0))
                {
                    var rule = allowNegative ? "entries must be finite" : "entries must be finite and non-negative";
                    throw new DecisionModelException(
                        string.Create(CultureInfo.InvariantCulture, $"Table '{table}' cell ('{States[r]}', '{columnNames[c]}') is {v}; {rule}."),
                        table,
                        States[r],
                        columnNames[c],
                        v,
                        r,
                        c);
                }
            }
        }
    }

    private DecisionMatrix ValidateTransition(DecisionMatrix matrix, string table, RowNormalization rowNormalization)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = States.Count;
        ValidateShape(matrix, table, n, n, "states × states");
        ValidateFinite(matrix, table, States, allowNegative: false);

        double[]? normalised = null;
        for (var r = 0; r < n; r++)
        {
            var row = matrix.GetRow(r);
            var sum = 0.0;
            foreach (var v in row)
            {
                sum += v;
            }

            if (Math.Abs(sum - 1) <= RowSumTolerance)
            {
                continue;
            }

            if (rowNormalization != RowNormalization.Normalize || sum <= 0)
            {
                var hint = rowNormalization == RowNormalization.Normalize ? "; a row that sums to zero cannot be normalised" : "; rows must sum to 1 within 1e-9";
                throw new DecisionModelException(
                    string.Create(CultureInfo.InvariantCulture, $"Table '{table}' row '{States[r]}' sums to {sum:G12}{hint}"),
                    table,
                    row: States[r],
                    value: sum,
                    rowIndex: r);
            }

            normalised ??= matrix.AsSpan().ToArray();
            for (var c = 0; c < n; c++)
            {
                normalised[(r * n) + c] = row[c] / sum;
            }
        }

        return normalised is null ? matrix : DecisionMatrix.Wrap(n, n, normalised);
    }
}

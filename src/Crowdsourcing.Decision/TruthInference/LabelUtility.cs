using System.Globalization;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.Decision.TruthInference;

/// <summary>
/// The utility of deciding an item's label: U(c, d), the worth of deciding d when the true label is c. Either one value
/// for a right decision and one for a wrong one (<see cref="RightOrWrong"/>), or a full table (<see cref="FromTable"/>).
/// </summary>
public sealed class LabelUtility
{
    private readonly double _right;
    private readonly double _wrong;
    private readonly DecisionMatrix? _table;

    private LabelUtility(double right, double wrong, DecisionMatrix? table)
    {
        _right = right;
        _wrong = wrong;
        _table = table;
    }

    /// <summary>The table, when the utility was given as one; otherwise <see langword="null"/>.</summary>
    public DecisionMatrix? Table => _table;

    /// <summary>The utility of a right decision, when given as right-or-wrong.</summary>
    public double Right => _right;

    /// <summary>The utility of a wrong decision, when given as right-or-wrong.</summary>
    public double Wrong => _wrong;

    /// <summary><paramref name="right"/> when the decided label is the true one, <paramref name="wrong"/> otherwise.</summary>
    /// <param name="right">Finite.</param>
    /// <param name="wrong">Finite.</param>
    /// <returns>The utility.</returns>
    /// <exception cref="ValidationFailedException">A value is not finite.</exception>
    public static LabelUtility RightOrWrong(double right, double wrong)
    {
        if (!double.IsFinite(right) || !double.IsFinite(wrong))
        {
            throw new ValidationFailedException("utility", string.Create(CultureInfo.InvariantCulture, $"The utilities of a right and a wrong decision must be finite (right: {right}, wrong: {wrong})."));
        }

        return new LabelUtility(right, wrong, null);
    }

    /// <summary>A table U(c, d): row = true label, column = decided label, in the result's label order.</summary>
    /// <param name="table">A K × K table of finite values.</param>
    /// <returns>The utility.</returns>
    /// <exception cref="ValidationFailedException">The table is not square or has a value that is not finite.</exception>
    public static LabelUtility FromTable(DecisionMatrix table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.RowCount != table.ColumnCount || table.RowCount == 0)
        {
            throw new ValidationFailedException("utility", string.Create(CultureInfo.InvariantCulture, $"The utility table must be square, one row and one column per label (got {table.RowCount} × {table.ColumnCount})."));
        }

        var values = table.AsSpan();
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ValidationFailedException(string.Create(CultureInfo.InvariantCulture, $"utility[{i / table.ColumnCount}][{i % table.ColumnCount}]"), string.Create(CultureInfo.InvariantCulture, $"utility[{i / table.ColumnCount}][{i % table.ColumnCount}] is {values[i]}; utilities must be finite."));
            }
        }

        return new LabelUtility(0, 0, table);
    }

    /// <summary>U(<paramref name="truth"/>, <paramref name="decided"/>).</summary>
    /// <param name="truth">The true label's index.</param>
    /// <param name="decided">The decided label's index.</param>
    /// <returns>The utility.</returns>
    public double Of(int truth, int decided) => _table is null ? (truth == decided ? _right : _wrong) : _table[truth, decided];

    internal void Check(int labels)
    {
        if (_table is not null && _table.RowCount != labels)
        {
            throw new ValidationFailedException("utility", string.Create(CultureInfo.InvariantCulture, $"The utility table is {_table.RowCount} × {_table.ColumnCount}; the item has {labels} labels."));
        }
    }
}

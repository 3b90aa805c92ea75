using System.Globalization;

namespace Crowdsourcing.Decision.Models;

/// <summary>
/// An immutable, dense matrix of doubles stored row-major. Used for the utility table U(state, action) and for
/// transition matrices (row = state before, column = state after).
/// </summary>
public sealed class DecisionMatrix : IEquatable<DecisionMatrix>
{
    private readonly double[] _values;

    /// <summary>Creates a matrix from a rectangular array (copied).</summary>
    /// <param name="values">The entries, <c>values[row, column]</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/>.</exception>
    public DecisionMatrix(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        RowCount = values.GetLength(0);
        ColumnCount = values.GetLength(1);
        _values = new double[RowCount * ColumnCount];
        for (var r = 0; r < RowCount; r++)
        {
            for (var c = 0; c < ColumnCount; c++)
            {
                _values[(r * ColumnCount) + c] = values[r, c];
            }
        }
    }

    private DecisionMatrix(int rows, int columns, double[] values)
    {
        RowCount = rows;
        ColumnCount = columns;
        _values = values;
    }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The number of columns.</summary>
    public int ColumnCount { get; }

    /// <summary>The entry at <paramref name="row"/>, <paramref name="column"/>.</summary>
    /// <param name="row">Zero-based row.</param>
    /// <param name="column">Zero-based column.</param>
    public double this[int row, int column]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
            ArgumentOutOfRangeException.ThrowIfNegative(column);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, ColumnCount);
            return _values[(row * ColumnCount) + column];
        }
    }

    /// <summary>Creates a matrix from rows (copied). Every row must have the same length.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentException">The rows do not all have the same length.</exception>
    public static DecisionMatrix FromRows(params double[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var columns = rows.Length == 0 ? 0 : rows[0]?.Length ?? 0;
        var values = new double[rows.Length * columns];
        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r] ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {r} is null."), nameof(rows));
            if (row.Length != columns)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {r} has {row.Length} entries; row 0 has {columns}."), nameof(rows));
            }

            row.CopyTo(values, r * columns);
        }

        return new DecisionMatrix(rows.Length, columns, values);
    }

    /// <summary>The identity matrix of the given size (a transition that changes nothing).</summary>
    /// <param name="size">The number of states.</param>
    /// <returns>The identity matrix.</returns>
    public static DecisionMatrix Identity(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var values = new double[size * size];
        for (var i = 0; i < size; i++)
        {
            values[(i * size) + i] = 1;
        }

        return new DecisionMatrix(size, size, values);
    }

    /// <summary>The entries of one row.</summary>
    /// <param name="row">Zero-based row.</param>
    /// <returns>A read-only view of the row.</returns>
    public ReadOnlySpan<double> GetRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        return _values.AsSpan(row * ColumnCount, ColumnCount);
    }

    /// <summary>All entries, row-major.</summary>
    /// <returns>A read-only view of the entries.</returns>
    public ReadOnlySpan<double> AsSpan() => _values;

    /// <summary>Copies the matrix into a new jagged array (one array per row).</summary>
    /// <returns>The rows.</returns>
    public double[][] ToRows()
    {
        var rows = new double[RowCount][];
        for (var r = 0; r < RowCount; r++)
        {
            rows[r] = GetRow(r).ToArray();
        }

        return rows;
    }

    /// <summary>Multiplies a row vector by this matrix: <c>destination = vector · this</c>.</summary>
    /// <param name="vector">A vector with <see cref="RowCount"/> entries.</param>
    /// <param name="destination">Receives <see cref="ColumnCount"/> entries.</param>
    /// <exception cref="ArgumentException">A length does not match.</exception>
    public void MultiplyLeft(ReadOnlySpan<double> vector, Span<double> destination)
    {
        if (vector.Length != RowCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The vector has {vector.Length} entries; the matrix has {RowCount} rows."), nameof(vector));
        }

        if (destination.Length < ColumnCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The destination has {destination.Length} entries; the matrix has {ColumnCount} columns."), nameof(destination));
        }

        destination[..ColumnCount].Clear();
        for (var r = 0; r < RowCount; r++)
        {
            var weight = vector[r];
            if (weight == 0)
            {
                continue;
            }

            var row = GetRow(r);
            for (var c = 0; c < ColumnCount; c++)
            {
                destination[c] += weight * row[c];
            }
        }
    }

    /// <inheritdoc />
    public bool Equals(DecisionMatrix? other) =>
        other is not null && other.RowCount == RowCount && other.ColumnCount == ColumnCount && _values.AsSpan().SequenceEqual(other._values);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DecisionMatrix);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(RowCount);
        hash.Add(ColumnCount);
        foreach (var v in _values)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }

    internal static DecisionMatrix Wrap(int rows, int columns, double[] values) => new(rows, columns, values);
}

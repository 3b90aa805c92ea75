namespace Crowdsourcing.Decision.Models;

/// <summary>
/// Thrown when a <see cref="DecisionModel"/>, one of its tables or a belief is invalid. The message names the table,
/// the row or cell and the offending value; the same facts are available in the properties for programmatic use.
/// </summary>
public sealed class DecisionModelException : ValidationFailedException
{
    /// <summary>Creates an exception with a message only (the path is <c>model</c>).</summary>
    /// <param name="message">The message.</param>
    public DecisionModelException(string message)
        : base("model", message)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception (the path is <c>model</c>).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying cause.</param>
    public DecisionModelException(string message, Exception innerException)
        : base("model", message, innerException)
    {
    }

    /// <summary>Creates an exception that locates the problem.</summary>
    /// <param name="message">The message.</param>
    /// <param name="table">The table or field, e.g. <c>transition</c> or <c>interventions[0].transition</c>.</param>
    /// <param name="row">The name of the row (a state), or <see langword="null"/>.</param>
    /// <param name="column">The name of the column (a state or an action), or <see langword="null"/>.</param>
    /// <param name="value">The offending value, or <see langword="null"/>.</param>
    /// <param name="rowIndex">The zero-based row index, or <see langword="null"/>.</param>
    /// <param name="columnIndex">The zero-based column index, or <see langword="null"/>.</param>
    public DecisionModelException(string message, string? table, string? row = null, string? column = null, double? value = null, int? rowIndex = null, int? columnIndex = null)
        : base(Locate(table, row, column), message)
    {
        Table = table;
        Row = row;
        Column = column;
        Value = value;
        RowIndex = rowIndex;
        ColumnIndex = columnIndex;
    }

    /// <summary>The table or field at fault, e.g. <c>utility</c>, <c>transition</c>, <c>interventions[0].transition</c> or <c>states</c>.</summary>
    public string? Table { get; }

    /// <summary>The name of the row at fault (a state), when the problem is in a row or a cell.</summary>
    public string? Row { get; }

    /// <summary>The name of the column at fault (a state or an action), when the problem is in a cell.</summary>
    public string? Column { get; }

    /// <summary>The offending value (an entry, a row sum, a rate or a cost), when there is one.</summary>
    public double? Value { get; }

    /// <summary>The zero-based index of the row at fault, when the problem is in a row or a cell.</summary>
    public int? RowIndex { get; }

    /// <summary>The zero-based index of the column at fault, when the problem is in a cell.</summary>
    public int? ColumnIndex { get; }

    /// <summary>The JSON path of the problem (e.g. <c>$.interventions[0].transition[2]</c>) when the model was read from JSON.</summary>
    public string? JsonPath { get; init; }

    /// <summary>The JSON path when the model was read from JSON, otherwise the table, row and column (for example
    /// <c>transition[s3]</c>).</summary>
    public override string Path => JsonPath ?? base.Path;

    private static string Locate(string? table, string? row, string? column) =>
        (table ?? "model") + (row is null ? string.Empty : $"[{row}]") + (column is null ? string.Empty : $"[{column}]");
}

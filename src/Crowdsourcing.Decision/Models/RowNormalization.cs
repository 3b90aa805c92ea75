namespace Crowdsourcing.Decision.Models;

/// <summary>What a <see cref="DecisionModel"/> does with a transition row that does not sum to 1 within <see cref="DecisionModel.RowSumTolerance"/>.</summary>
public enum RowNormalization
{
    /// <summary>The default: refuse the model with a <see cref="DecisionModelException"/> naming the table, the row and its sum.</summary>
    Fail = 0,

    /// <summary>Divide every row by its sum. A row that sums to zero is still refused. Use it to load tables printed with rounding errors, such as the CrowdArb paper's Tables 2 and 3.</summary>
    Normalize = 1,
}

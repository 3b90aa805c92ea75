namespace Crowdsourcing.Decision.Learning;

/// <summary>
/// One row of a campaign's event log: in cycle <see cref="Week"/> the participant was contacted with
/// <see cref="Intervention"/> (or not) and reported <see cref="ReportedState"/> (or nothing). Week 0 is the starting
/// state: its row may carry a known state and never an intervention. A week without a row means "not contacted,
/// nothing reported".
/// </summary>
/// <param name="Participant">The participant's identifier.</param>
/// <param name="Week">The week t ≥ 0.</param>
/// <param name="Intervention">The intervention of cycle t (a name of the model), or <see langword="null"/> for none.</param>
/// <param name="ReportedState">The state of week t as reported (a state name of the model), or <see langword="null"/> for none.</param>
/// <param name="LineNumber">The line of the log the row came from (1-based), or 0.</param>
public sealed record CampaignEvent(string Participant, int Week, string? Intervention, string? ReportedState, int LineNumber = 0)
{
    /// <summary>
    /// The state of week t as an analyst found it on review (a state name of the model), or <see langword="null"/>
    /// (the default) when the report was not reviewed. A reviewed row needs a <see cref="ReportedState"/>: the pair
    /// (reviewed, reported) is one observation of the report model O(x, o) (see <see cref="ParameterLearner"/>).
    /// </summary>
    public string? ReviewedState { get; init; }
}

/// <summary>A malformed event log: the message starts with the line number (<c>line 7: …</c>).</summary>
public sealed class EventLogException : ValidationFailedException
{
    /// <summary>Creates an exception for the log as a whole (the path is <c>log</c>).</summary>
    /// <param name="message">The message.</param>
    public EventLogException(string message)
        : base("log", message)
    {
    }

    /// <summary>Creates an exception that names the line (the path is <c>line N</c>).</summary>
    /// <param name="lineNumber">The 1-based line.</param>
    /// <param name="message">What is wrong on it.</param>
    public EventLogException(int lineNumber, string message)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {lineNumber}"), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {lineNumber}: {message}"))
    {
        LineNumber = lineNumber;
    }

    /// <summary>The 1-based line at fault, or 0 when the problem is the log as a whole.</summary>
    public int LineNumber { get; }
}

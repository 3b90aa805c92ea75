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
public sealed record CampaignEvent(string Participant, int Week, string? Intervention, string? ReportedState, int LineNumber = 0);

/// <summary>A malformed event log: the message starts with the line number (<c>line 7: …</c>).</summary>
public sealed class EventLogException : Exception
{
    /// <summary>Creates an exception with an empty message.</summary>
    public EventLogException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public EventLogException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public EventLogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a line.</summary>
    /// <param name="lineNumber">The 1-based line number.</param>
    /// <param name="message">What is wrong with it.</param>
    public EventLogException(int lineNumber, string message)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line {lineNumber}: {message}"))
    {
        LineNumber = lineNumber;
    }

    /// <summary>The 1-based line number of the malformed row, or 0.</summary>
    public int LineNumber { get; }
}

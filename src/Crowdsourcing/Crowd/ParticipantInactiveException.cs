using System.Globalization;

namespace Crowdsourcing.Crowd;

/// <summary>
/// Thrown when new work would go to a participant who is inactive (<see cref="Participant.InactiveSince"/>: they left,
/// or the enterprise directory no longer lists them): being assigned a new knowledge request, or receiving delegated
/// questions. Nothing was changed. Their existing work is kept and stays readable.
/// </summary>
public sealed class ParticipantInactiveException : InvalidStateException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="participantId">The inactive participant.</param>
    /// <param name="inactiveSince">Since when they are inactive.</param>
    /// <param name="operation">What they would have had to do, completing "cannot …", for example <c>be assigned knowledge request 'r-1'</c>.</param>
    public ParticipantInactiveException(string participantId, DateTimeOffset inactiveSince, string operation)
        : base(
            string.Create(CultureInfo.InvariantCulture, $"Participant '{participantId}' is inactive since {inactiveSince.UtcDateTime:yyyy-MM-dd HH:mm} UTC (they left, or the directory no longer lists them), so they cannot {operation}. Nothing was changed."),
            nameof(Participant),
            participantId)
    {
        ParticipantId = participantId;
        InactiveSince = inactiveSince;
    }

    /// <summary>The inactive participant.</summary>
    public string ParticipantId { get; }

    /// <summary>Since when they are inactive.</summary>
    public DateTimeOffset InactiveSince { get; }

    /// <summary>Throws when <paramref name="participant"/> is inactive.</summary>
    /// <param name="participant">The participant.</param>
    /// <param name="operation">What they would have had to do, completing "cannot …".</param>
    /// <exception cref="ParticipantInactiveException">The participant is inactive.</exception>
    internal static void ThrowIfInactive(Participant participant, string operation)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (participant.InactiveSince is { } since)
        {
            throw new ParticipantInactiveException(participant.Id, since, operation);
        }
    }
}

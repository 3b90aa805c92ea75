namespace Crowdsourcing.Roadmap.Planning;

/// <summary>Progress was recorded out of order: work in a stage before the earlier stages are complete, or reopening an item of a stage that later stages build on.</summary>
public sealed class RoadmapOrderException : InvalidStateException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RoadmapOrderException(string message, Exception? innerException = null)
        : base(message, "roadmap", null, innerException)
    {
    }

    /// <summary>The checklist item the call was about.</summary>
    public string? ItemId { get; init; }

    /// <summary>The stage that blocks it.</summary>
    public RoadmapStage? BlockingStage { get; init; }
}

namespace Crowdsourcing.Roadmap.Planning;

/// <summary>Progress was recorded out of order: work in a stage before the earlier stages are complete, or reopening an item of a stage that later stages build on.</summary>
public sealed class RoadmapOrderException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public RoadmapOrderException()
        : this("Roadmap stages must be completed in order.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public RoadmapOrderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RoadmapOrderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The checklist item the call was about.</summary>
    public string? ItemId { get; init; }

    /// <summary>The stage that blocks it.</summary>
    public RoadmapStage? BlockingStage { get; init; }
}

namespace Crowdsourcing.Roadmap.Initiatives;

/// <summary>
/// An initiative spec is missing a field, has an invalid value, or has fields that contradict each other.
/// The message names the field(s) by JSON path (e.g. <c>$.needs.volume</c>) and, when read from JSON, the line and position.
/// </summary>
public sealed class InitiativeSpecException : ValidationFailedException
{
    /// <summary>Creates the exception for the document as a whole (the path is <c>$</c>).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InitiativeSpecException(string message, Exception? innerException = null)
        : this(message, [], innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message, naming the field(s).</param>
    /// <param name="paths">The JSON paths of the offending field(s), e.g. <c>$.goal</c> and <c>$.taskKind</c>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InitiativeSpecException(string message, IReadOnlyList<string> paths, Exception? innerException = null)
        : base(message, [.. (paths is { Count: > 0 } ? paths : ["$"]).Select(p => new ValidationError(p, message))], innerException)
    {
        Paths = paths ?? [];
    }

    /// <summary>The JSON paths of the offending field(s); empty when the whole document is unreadable.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>The 1-based line in the JSON text, when known.</summary>
    public long? LineNumber { get; init; }

    /// <summary>The 1-based byte position in the line, when known.</summary>
    public long? BytePositionInLine { get; init; }

    internal static InitiativeSpecException Missing(string path)
        => new($"Missing field {path}: it is required.", [path]);

    internal static InitiativeSpecException Invalid(string path, string problem)
        => new($"Invalid field {path}: {problem}", [path]);

    internal static InitiativeSpecException Contradiction(string message, params string[] paths)
        => new($"Contradictory fields {string.Join(" and ", paths)}: {message}", paths);
}

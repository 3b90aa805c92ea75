namespace Crowdsourcing.Roadmap.Catalog;

/// <summary>A rules catalogue is unreadable, invalid, incomplete, or an extension does not fit the catalogue it extends. The message names the catalogue, the JSON path and the rule id where known.</summary>
public sealed class RoadmapCatalogException : ValidationFailedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RoadmapCatalogException(string message, Exception? innerException = null)
        : base("catalogue", message, innerException)
    {
    }

    /// <summary>The JSON path of the offending element, when known.</summary>
    public string? JsonPath { get; init; }

    /// <summary>The id of the offending rule, when known.</summary>
    public string? RuleId { get; init; }

    /// <summary>The JSON path when known, otherwise the rule id, otherwise <c>catalogue</c>.</summary>
    public override string Path => JsonPath ?? (RuleId is null ? base.Path : $"rule '{RuleId}'");
}

namespace Crowdsourcing.Roadmap.Catalog;

/// <summary>A rules catalogue is unreadable, invalid, incomplete, or an extension does not fit the catalogue it extends. The message names the catalogue, the JSON path and the rule id where known.</summary>
public sealed class RoadmapCatalogException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RoadmapCatalogException()
        : this("The roadmap catalogue is invalid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public RoadmapCatalogException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RoadmapCatalogException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The JSON path of the offending element, when known.</summary>
    public string? JsonPath { get; init; }

    /// <summary>The id of the offending rule, when known.</summary>
    public string? RuleId { get; init; }
}

using System.Text.RegularExpressions;

namespace Crowdsourcing.Roadmap.Catalog;

/// <summary>
/// Where a rule's advice comes from: a passage of a paper, quoted verbatim (<see cref="PaperPassage"/>), or the
/// planner's own judgement with a one-line rationale (<see cref="PlannerHeuristic"/>). A rule may have both: the paper for
/// what the paper says, the heuristic for what the planner adds (a weight, a threshold, a mapping).
/// </summary>
/// <remarks>JSON: <c>{ "kind": "paper", "document": "roadmap", "section": "3.2 Roadmap stage 2 – select the crowd", "quote": "…" }</c>
/// or <c>{ "kind": "heuristic", "rationale": "…" }</c>.</remarks>
public abstract record RuleSource
{
    private protected RuleSource()
    {
    }

    /// <summary>The kind as spelt in JSON: <c>paper</c> or <c>heuristic</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>A one-line readable form, e.g. <c>roadmap paper, 3.2 …: “…”</c> or <c>planner heuristic: …</c>.</summary>
    /// <returns>The text.</returns>
    public abstract string Describe();
}

/// <summary>A passage of a paper, quoted verbatim (whitespace and line breaks collapsed to single spaces).</summary>
public sealed partial record PaperPassage : RuleSource
{
    /// <summary>The document id of "A roadmap for B2B crowdsourcing" (the roadmap paper).</summary>
    public const string RoadmapPaper = "roadmap";

    /// <summary>The document id of "The value of crowdsourcing for creative clusters development" (the clusters paper).</summary>
    public const string ClustersPaper = "clusters";

    /// <summary>The document id of "CrowdArb: decision making in enterprise crowdsourcing services" (the CrowdArb paper).</summary>
    public const string CrowdArbPaper = "crowdarb";

    /// <summary>The shortest quote accepted, in characters.</summary>
    public const int MinimumQuoteLength = 30;

    /// <summary>Creates a paper source.</summary>
    /// <param name="document">The document: <see cref="RoadmapPaper"/>, <see cref="ClustersPaper"/>, <see cref="CrowdArbPaper"/>, or a host's own document id.</param>
    /// <param name="section">The section as the document titles it, e.g. <c>3.2 Roadmap stage 2 – select the crowd</c> or <c>Table 2. …</c>.</param>
    /// <param name="quote">The passage, verbatim; at least <see cref="MinimumQuoteLength"/> characters once whitespace is collapsed.</param>
    /// <exception cref="ValidationFailedException">A field is blank or the quote is shorter than <see cref="MinimumQuoteLength"/> characters.</exception>
    public PaperPassage(string document, string section, string quote)
    {
        Document = Required(document, "document");
        Section = Required(section, "section");
        var normalised = Normalise(Required(quote, "quote"));
        if (normalised.Length < MinimumQuoteLength)
        {
            throw new ValidationFailedException("quote", $"The quote '{normalised}' is {normalised.Length} characters; a paper source quotes at least {MinimumQuoteLength}.");
        }

        Quote = normalised;
    }

    /// <inheritdoc />
    public override string Kind => "paper";

    /// <summary>The document id.</summary>
    public string Document { get; }

    /// <summary>The section.</summary>
    public string Section { get; }

    /// <summary>The passage, whitespace collapsed.</summary>
    public string Quote { get; }

    /// <summary>The title of a built-in document id, or the id itself for another document.</summary>
    /// <param name="document">The document id.</param>
    /// <returns>The title.</returns>
    public static string TitleOf(string document) => document switch
    {
        RoadmapPaper => "A roadmap for B2B crowdsourcing",
        ClustersPaper => "The value of crowdsourcing for creative clusters development",
        CrowdArbPaper => "CrowdArb: decision making in enterprise crowdsourcing services",
        _ => document,
    };

    /// <summary>Collapses every run of whitespace (spaces, tabs, line breaks) to one space and trims: how quotes are stored and compared with the papers.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The normalised text.</returns>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Whitespace().Replace(text, " ").Trim();
    }

    /// <inheritdoc />
    public override string Describe() => $"{Document} paper, {Section}: “{Quote}”";

    private static string Required(string? value, string field)
        => string.IsNullOrWhiteSpace(value) ? throw new ValidationFailedException(field, $"A paper source needs a '{field}'.") : value.Trim();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}

/// <summary>The planner's own judgement (a weight, a threshold, a mapping the papers do not give), with a one-line rationale.</summary>
public sealed record PlannerHeuristic : RuleSource
{
    /// <summary>Creates a heuristic source.</summary>
    /// <param name="rationale">Why, in one line (no line break).</param>
    /// <exception cref="ValidationFailedException">The rationale is blank or spans several lines.</exception>
    public PlannerHeuristic(string rationale)
    {
        if (string.IsNullOrWhiteSpace(rationale))
        {
            throw new ValidationFailedException("rationale", "A heuristic source needs a 'rationale'.");
        }

        if (rationale.Contains('\n', StringComparison.Ordinal) || rationale.Contains('\r', StringComparison.Ordinal))
        {
            throw new ValidationFailedException("rationale", "A heuristic's rationale is one line.");
        }

        Rationale = rationale.Trim();
    }

    /// <inheritdoc />
    public override string Kind => "heuristic";

    /// <summary>The rationale.</summary>
    public string Rationale { get; }

    /// <inheritdoc />
    public override string Describe() => $"planner heuristic: {Rationale}";
}

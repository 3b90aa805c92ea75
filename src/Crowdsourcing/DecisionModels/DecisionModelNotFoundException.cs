namespace Crowdsourcing.DecisionModels;

/// <summary>Thrown when a decision model is asked for by a name that is not registered. The message lists the
/// registered names.</summary>
public sealed class DecisionModelNotFoundException : NotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="name">The name asked for.</param>
    /// <param name="knownNames">The registered names.</param>
    public DecisionModelNotFoundException(string name, IReadOnlyList<string> knownNames)
        : base("decision model", name, Describe(name, knownNames))
    {
        KnownNames = knownNames ?? [];
    }

    /// <summary>The registered names.</summary>
    public IReadOnlyList<string> KnownNames { get; }

    private static string Describe(string name, IReadOnlyList<string>? known) =>
        known is null || known.Count == 0
            ? $"No decision model is registered as '{name}'; none is registered (call AddDecisionModels(models => models.AddPreset(...)) or configure Crowdsourcing:DecisionModels:Models)."
            : $"No decision model is registered as '{name}'; registered models: {string.Join(", ", known)}.";
}

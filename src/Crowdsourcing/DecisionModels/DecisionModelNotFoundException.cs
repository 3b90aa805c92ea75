namespace Crowdsourcing.DecisionModels;

/// <summary>Thrown when a decision model is asked for by a name that is not registered.</summary>
public sealed class DecisionModelNotFoundException : KeyNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="name">The name asked for.</param>
    /// <param name="knownNames">The registered names.</param>
    public DecisionModelNotFoundException(string name, IReadOnlyList<string> knownNames)
        : base(Describe(name, knownNames))
    {
        Name = name;
        KnownNames = knownNames ?? [];
    }

    /// <summary>Creates the exception with a message.</summary>
    public DecisionModelNotFoundException()
        : this(string.Empty, [])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DecisionModelNotFoundException(string message)
        : base(message)
    {
        Name = string.Empty;
        KnownNames = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DecisionModelNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Name = string.Empty;
        KnownNames = [];
    }

    /// <summary>The name asked for.</summary>
    public string Name { get; }

    /// <summary>The registered names, in order.</summary>
    public IReadOnlyList<string> KnownNames { get; }

    private static string Describe(string name, IReadOnlyList<string>? known) =>
        known is null || known.Count == 0
            ? $"No decision model is registered as '{name}'; none is registered (call AddDecisionModels(engine => engine.AddModel(...)) or configure Crowdsourcing:DecisionModels:Models)."
            : $"No decision model is registered as '{name}'; registered models: {string.Join(", ", known)}.";
}

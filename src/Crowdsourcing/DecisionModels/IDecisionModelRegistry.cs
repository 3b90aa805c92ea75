namespace Crowdsourcing.DecisionModels;

/// <summary>
/// The decision models registered with <c>AddDecisionModels()</c>, by name (case-insensitive). Registered as a
/// singleton; every model is loaded and validated once, at start.
/// </summary>
public interface IDecisionModelRegistry
{
    /// <summary>The registered names, in ordinal order.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The model registered as <paramref name="name"/>.</summary>
    /// <param name="name">The model's name, as a campaign's <c>DecisionModel</c> gives it.</param>
    /// <returns>The model, its prior and its invite action.</returns>
    /// <exception cref="DecisionModelNotFoundException">No model has that name; the message lists the registered ones.</exception>
    RegisteredDecisionModel GetModel(string name);

    /// <summary>Looks a model up by name.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="model">The model, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    bool TryGetModel(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RegisteredDecisionModel? model);
}

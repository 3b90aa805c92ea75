namespace Crowdsourcing.Decision.TruthInference;

/// <summary>How <see cref="TruthInferenceEngine"/> reconciles several workers' answers. Users spell them
/// <c>majority</c>, <c>wawa</c>, <c>dawid-skene</c>, <c>one-coin</c> and <c>glad</c>
/// (<see cref="Serialization.EnumNames"/>).</summary>
public enum TruthInferenceMethod
{
    /// <summary>Majority vote: each item's posterior is the share of its answers per label.</summary>
    Majority,

    /// <summary>Worker agreement with aggregate (crowd-kit's Wawa): a majority vote, each worker's weight its rate of
    /// agreement with that vote, then a weighted majority vote.</summary>
    Wawa,

    /// <summary>Dawid and Skene (1979): EM over a confusion matrix per worker and the class priors.</summary>
    DawidSkene,

    /// <summary>One-coin Dawid-Skene: EM with one accuracy per worker; a wrong answer is any other label with equal probability.</summary>
    OneCoin,

    /// <summary>GLAD (Whitehill et al. 2009): EM with a worker ability α and an item inverse difficulty β; the probability
    /// of a right answer is σ(α·β), the M-step takes gradient steps.</summary>
    Glad,
}

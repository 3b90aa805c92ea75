using Crowdsourcing.Decision.TruthInference;
using Crowdsourcing.Serialization;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Reconciliation;

/// <summary>
/// How answer reconciliation works (<see cref="IAnswerReconciliationService"/>), bound from the
/// <c>Crowdsourcing:Reconciliation</c> configuration section and validated at start (every failure listed).
/// </summary>
public sealed class AnswerReconciliationOptions
{
    /// <summary>The configuration section: <c>Crowdsourcing:Reconciliation</c>.</summary>
    public const string SectionName = "Crowdsourcing:Reconciliation";

    /// <summary>
    /// The truth-inference method, as users spell it: <c>majority</c>, <c>wawa</c> (weighted majority),
    /// <c>dawid-skene</c>, <c>one-coin</c> or <c>glad</c>; default <c>dawid-skene</c>. Majority vote and Wawa report
    /// vote shares, not calibrated probabilities, as their confidence.
    /// </summary>
    public string Method { get; set; } = EnumNames.Of(TruthInferenceMethod.DawidSkene);

    /// <summary>The utility of deciding a question's answer right; default 1. Finite, greater than <see cref="WrongAnswerUtility"/>.</summary>
    public double RightAnswerUtility { get; set; } = 1;

    /// <summary>The utility of deciding it wrong; default 0. Finite.</summary>
    public double WrongAnswerUtility { get; set; }

    /// <summary>The cost of asking one more expert for an answer, in the utilities' units; default 0.05. Finite, ≥ 0.
    /// Another expert is asked only when the expected value of their answer exceeds it.</summary>
    public double AnswerCost { get; set; } = 0.05;

    /// <summary>The most experts asked about one question of one subject; default 5, from 1 to 100. Beyond it nobody
    /// else is asked, whatever the value.</summary>
    public int MaxExpertsPerQuestion { get; set; } = 5;

    /// <summary>The accuracy assumed for an expert the campaign has no reliability of yet (neither learned nor seeded);
    /// default 0.7, in (0, 1].</summary>
    public double NewcomerAccuracy { get; set; } = 0.7;

    /// <summary>How many answers per true choice a seeded reliability counts for in the inference (0: a starting point
    /// only); default 0, from 0 to 1e6. See <see cref="TruthInferenceWarmStart.Strength"/>.</summary>
    public double SeedStrength { get; set; }

    /// <summary>The inference's prior pseudo-count (<see cref="TruthInferenceOptions.PriorCount"/>); default 1, from 1e-6 to 1e6.</summary>
    public double PriorCount { get; set; } = 1;

    /// <summary>The method, parsed.</summary>
    internal TruthInferenceMethod ParsedMethod => EnumNames.Parse<TruthInferenceMethod>(Method, SectionName + ":Method");
}

/// <summary>Validates <see cref="AnswerReconciliationOptions"/>, listing every failure with its configuration key.</summary>
internal sealed class AnswerReconciliationOptionsValidator : IValidateOptions<AnswerReconciliationOptions>
{
    public ValidateOptionsResult Validate(string? name, AnswerReconciliationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string prefix = AnswerReconciliationOptions.SectionName;
        var failures = new List<string>();
        if (!EnumNames.TryParse<TruthInferenceMethod>(options.Method, out _))
        {
            failures.Add($"{prefix}:Method: '{options.Method}' is not a method; use one of {EnumNames.Describe<TruthInferenceMethod>()}.");
        }

        if (!double.IsFinite(options.RightAnswerUtility) || !double.IsFinite(options.WrongAnswerUtility) || !(options.RightAnswerUtility > options.WrongAnswerUtility))
        {
            failures.Add(FormattableString.Invariant($"{prefix}:RightAnswerUtility ({options.RightAnswerUtility}) and WrongAnswerUtility ({options.WrongAnswerUtility}) must be finite, and a right answer worth more than a wrong one."));
        }

        if (!double.IsFinite(options.AnswerCost) || options.AnswerCost < 0)
        {
            failures.Add(FormattableString.Invariant($"{prefix}:AnswerCost must be a finite number ≥ 0 (value: {options.AnswerCost})."));
        }

        if (options.MaxExpertsPerQuestion is < 1 or > 100)
        {
            failures.Add(FormattableString.Invariant($"{prefix}:MaxExpertsPerQuestion must be from 1 to 100 (value: {options.MaxExpertsPerQuestion})."));
        }

        if (!(options.NewcomerAccuracy > 0 && options.NewcomerAccuracy <= 1))
        {
            failures.Add(FormattableString.Invariant($"{prefix}:NewcomerAccuracy must be in (0, 1] (value: {options.NewcomerAccuracy})."));
        }

        if (!(options.SeedStrength >= 0 && options.SeedStrength <= 1e6))
        {
            failures.Add(FormattableString.Invariant($"{prefix}:SeedStrength must be from 0 to 1e6 (value: {options.SeedStrength})."));
        }

        if (!(options.PriorCount >= 1e-6 && options.PriorCount <= 1e6))
        {
            failures.Add(FormattableString.Invariant($"{prefix}:PriorCount must be from 1e-6 to 1e6 (value: {options.PriorCount})."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using Microsoft.Extensions.Options;

namespace Crowdsourcing.Learning;

/// <summary>
/// How a campaign learns its decision model from its own history (<see cref="ICampaignLearningService"/>), bound from
/// the <c>Crowdsourcing:Learning</c> configuration section and validated at start (every failure listed).
/// </summary>
public sealed class CampaignLearningOptions
{
    /// <summary>The configuration section: <c>Crowdsourcing:Learning</c>.</summary>
    public const string SectionName = "Crowdsourcing:Learning";

    /// <summary>The largest <see cref="PriorStrength"/>: 1,000,000.</summary>
    public const double MaxPriorStrength = 1_000_000;

    /// <summary>
    /// How many observations the campaign's current model counts for, per row of T and of each C_k and per response
    /// rate: the learned model is the posterior mean under a prior centred on the current model with this many
    /// pseudo-observations (see <see cref="Decision.Learning.LearningOptions.PriorStrength"/>). A row with far fewer
    /// observed transitions than this stays near the current model; one with far more follows the history. Default 10;
    /// from 0 (no centring: the history alone, with uniform priors) to <see cref="MaxPriorStrength"/>.
    /// </summary>
    public double PriorStrength { get; set; } = 10;

    /// <summary>The most weeks the plans beside a learned model look ahead (<see cref="CampaignModelEstimate.Plans"/>) when the campaign has no workshop week ahead; default 20, from 1 to 520.</summary>
    public int ForecastWeeks { get; set; } = 20;
}

/// <summary>Validates <see cref="CampaignLearningOptions"/>, listing every failure with its configuration key.</summary>
internal sealed class CampaignLearningOptionsValidator : IValidateOptions<CampaignLearningOptions>
{
    public ValidateOptionsResult Validate(string? name, CampaignLearningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string prefix = CampaignLearningOptions.SectionName;
        var failures = new List<string>();
        if (!double.IsFinite(options.PriorStrength) || options.PriorStrength < 0 || options.PriorStrength > CampaignLearningOptions.MaxPriorStrength)
        {
            failures.Add(FormattableString.Invariant($"{prefix}:PriorStrength must be a number of pseudo-observations from 0 to {CampaignLearningOptions.MaxPriorStrength} (value: {options.PriorStrength})."));
        }

        if (options.ForecastWeeks is < 1 or > Decision.Forecasts.PlanForecastOptions.MaxWeeks)
        {
            failures.Add(FormattableString.Invariant($"{prefix}:ForecastWeeks must be from 1 to {Decision.Forecasts.PlanForecastOptions.MaxWeeks} (value: {options.ForecastWeeks})."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

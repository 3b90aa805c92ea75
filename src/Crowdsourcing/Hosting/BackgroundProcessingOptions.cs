using Microsoft.Extensions.Options;

namespace Crowdsourcing.Hosting;

/// <summary>
/// Settings of <see cref="CrowdsourcingBackgroundService"/>, bound from the <c>Crowdsourcing:BackgroundProcessing</c>
/// configuration section and validated at start by <see cref="BackgroundProcessingOptionsValidator"/>.
/// </summary>
public sealed class BackgroundProcessingOptions
{
    /// <summary>The configuration section: <c>Crowdsourcing:BackgroundProcessing</c>.</summary>
    public const string SectionName = "Crowdsourcing:BackgroundProcessing";

    /// <summary>The time between two runs, measured on the <see cref="TimeProvider"/> from the end of a run. Default 1 minute; from 1 second to 1 day.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait before the first run after the host starts. Default zero (run at once); from zero to 1 day.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Whether a run enqueues the due reminders and escalations. Default <see langword="true"/>.</summary>
    public bool RunReminders { get; set; } = true;

    /// <summary>Whether a run runs the due decision cycles (needs <c>AddDecisionModels()</c>; skipped without it). Default <see langword="true"/>.</summary>
    public bool RunDecisionCycles { get; set; } = true;

    /// <summary>Whether a run delivers the due notifications from the outbox. Default <see langword="true"/>.</summary>
    public bool DeliverNotifications { get; set; } = true;

    /// <summary>The most decision cycles one run catches up per campaign. Default 10; from 1 to 1000.</summary>
    public int MaxCyclesPerCampaign { get; set; } = 10;
}

/// <summary>Validates <see cref="BackgroundProcessingOptions"/>, listing every failure with its configuration key.</summary>
internal sealed class BackgroundProcessingOptionsValidator : IValidateOptions<BackgroundProcessingOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, BackgroundProcessingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string prefix = BackgroundProcessingOptions.SectionName;
        if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > TimeSpan.FromDays(1))
        {
            failures.Add($"{prefix}:Interval must be from 00:00:01 to 1.00:00:00 (value: {options.Interval}).");
        }

        if (options.InitialDelay < TimeSpan.Zero || options.InitialDelay > TimeSpan.FromDays(1))
        {
            failures.Add($"{prefix}:InitialDelay must be from 00:00:00 to 1.00:00:00 (value: {options.InitialDelay}).");
        }

        if (options.MaxCyclesPerCampaign is < 1 or > 1000)
        {
            failures.Add($"{prefix}:MaxCyclesPerCampaign must be from 1 to 1000 (value: {options.MaxCyclesPerCampaign}).");
        }

        if (!options.RunReminders && !options.RunDecisionCycles && !options.DeliverNotifications)
        {
            failures.Add($"{prefix}: RunReminders, RunDecisionCycles and DeliverNotifications are all false; enable at least one, or do not add the background processing.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

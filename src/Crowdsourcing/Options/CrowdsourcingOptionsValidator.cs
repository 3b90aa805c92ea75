using Microsoft.Extensions.Options;

namespace Crowdsourcing.Options;

/// <summary>
/// Validates <see cref="CrowdsourcingOptions"/>, listing every failure with the configuration key it concerns.
/// </summary>
internal sealed class CrowdsourcingOptionsValidator : IValidateOptions<CrowdsourcingOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, CrowdsourcingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string prefix = CrowdsourcingOptions.SectionName;

        if (string.IsNullOrWhiteSpace(options.InstanceName))
        {
            failures.Add($"{prefix}:InstanceName must not be empty.");
        }
        else if (options.InstanceName.Length > 200)
        {
            failures.Add($"{prefix}:InstanceName must be at most 200 characters (has {options.InstanceName.Length}).");
        }

        if (options.PageSize is < 1 or > 100_000)
        {
            failures.Add($"{prefix}:PageSize must be from 1 to 100000 (value: {options.PageSize}).");
        }

        var delivery = options.Notifications;
        if (delivery is null)
        {
            failures.Add($"{prefix}:Notifications must not be null.");
        }
        else
        {
            var key = $"{prefix}:Notifications";
            if (delivery.RetryFor < TimeSpan.FromSeconds(1) || delivery.RetryFor > TimeSpan.FromDays(365))
            {
                failures.Add($"{key}:RetryFor must be from 1 second to 365 days (value: {delivery.RetryFor}).");
            }

            if (delivery.MaxRetryDelay <= TimeSpan.Zero || delivery.MaxRetryDelay > TimeSpan.FromDays(1))
            {
                failures.Add($"{key}:MaxRetryDelay must be positive and at most 1 day (value: {delivery.MaxRetryDelay}).");
            }

            if (delivery.InitialRetryDelay <= TimeSpan.Zero)
            {
                failures.Add($"{key}:InitialRetryDelay must be positive (value: {delivery.InitialRetryDelay}).");
            }
            else if (delivery.MaxRetryDelay > TimeSpan.Zero && delivery.InitialRetryDelay > delivery.MaxRetryDelay)
            {
                failures.Add($"{key}:InitialRetryDelay must be at most {key}:MaxRetryDelay ({delivery.MaxRetryDelay}) (value: {delivery.InitialRetryDelay}).");
            }

            if (delivery.LeaseDuration < TimeSpan.FromSeconds(1) || delivery.LeaseDuration > TimeSpan.FromDays(1))
            {
                failures.Add($"{key}:LeaseDuration must be from 1 second to 1 day (value: {delivery.LeaseDuration}).");
            }

            if (delivery.BreakAfterFailures is < 1 or > 1000)
            {
                failures.Add($"{key}:BreakAfterFailures must be from 1 to 1000 (value: {delivery.BreakAfterFailures}).");
            }

            if (delivery.BreakDuration <= TimeSpan.Zero || delivery.BreakDuration > TimeSpan.FromDays(1))
            {
                failures.Add($"{key}:BreakDuration must be positive and at most 1 day (value: {delivery.BreakDuration}).");
            }

            if (delivery.BatchSize is < 1 or > 10_000)
            {
                failures.Add($"{prefix}:Notifications:BatchSize must be from 1 to 10000 (value: {delivery.BatchSize}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

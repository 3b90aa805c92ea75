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
            if (delivery.MaxAttempts is < 1 or > 100)
            {
                failures.Add($"{prefix}:Notifications:MaxAttempts must be from 1 to 100 (value: {delivery.MaxAttempts}).");
            }

            if (delivery.InitialRetryDelay <= TimeSpan.Zero)
            {
                failures.Add($"{prefix}:Notifications:InitialRetryDelay must be positive (value: {delivery.InitialRetryDelay}).");
            }

            if (delivery.LeaseDuration <= TimeSpan.Zero)
            {
                failures.Add($"{prefix}:Notifications:LeaseDuration must be positive (value: {delivery.LeaseDuration}).");
            }

            if (delivery.BatchSize is < 1 or > 10_000)
            {
                failures.Add($"{prefix}:Notifications:BatchSize must be from 1 to 10000 (value: {delivery.BatchSize}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

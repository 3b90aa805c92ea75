using Crowdsourcing.Decision.Population;
using Crowdsourcing.Notifications;
using Crowdsourcing.Policies;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.DecisionCycles;

/// <summary>
/// Validates <see cref="DecisionCycleOptions"/> at start, listing every failure with its configuration key: a contact
/// policy no factory is registered for, an undefined non-responder update, a contact channel that is empty or not
/// registered, a minimum cycle interval out of range.
/// </summary>
internal sealed class DecisionCycleOptionsValidator(IEnumerable<IContactPolicyFactory> policies, IEnumerable<INotificationChannel> channels) : IValidateOptions<DecisionCycleOptions>
{
    public ValidateOptionsResult Validate(string? name, DecisionCycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string prefix = DecisionCycleOptions.SectionName;
        var failures = new List<string>();
        var known = policies.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        if (string.IsNullOrWhiteSpace(options.ContactPolicy))
        {
            failures.Add($"{prefix}:ContactPolicy must not be empty; registered policies: {string.Join(", ", known)}.");
        }
        else if (!known.Contains(options.ContactPolicy, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{prefix}:ContactPolicy: no policy is registered as '{options.ContactPolicy}'; registered policies: {string.Join(", ", known)}.");
        }

        var duplicates = policies.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Distinct().Count() > 1).Select(g => g.Key);
        failures.AddRange(duplicates.Select(ContactPolicyRegistry.Duplicate));

        if (!Enum.IsDefined(options.NonResponderUpdate))
        {
            failures.Add($"{prefix}:NonResponderUpdate: unknown value '{options.NonResponderUpdate}'; known values: {string.Join(", ", Enum.GetNames<NonResponderUpdate>())}.");
        }

        if (options.ContactChannel is not null)
        {
            var registered = channels.Select(c => c.Name).ToList();
            if (string.IsNullOrWhiteSpace(options.ContactChannel))
            {
                failures.Add($"{prefix}:ContactChannel must not be empty when it is set (leave it out for the default channel).");
            }
            else if (!registered.Contains(options.ContactChannel, StringComparer.Ordinal))
            {
                failures.Add($"{prefix}:ContactChannel: no notification channel is named '{options.ContactChannel}'; registered channels: {NotificationRoutingOptionsValidator.Describe(registered)}.");
            }
        }

        if (options.MinimumCycleInterval < TimeSpan.Zero || options.MinimumCycleInterval > DecisionCycleOptions.MaxMinimumCycleInterval)
        {
            failures.Add($"{prefix}:MinimumCycleInterval must be between 00:00:00 and {DecisionCycleOptions.MaxMinimumCycleInterval:c}; got {options.MinimumCycleInterval:c}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

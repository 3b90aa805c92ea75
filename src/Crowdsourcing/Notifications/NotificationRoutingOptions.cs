using Crowdsourcing.Options;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Notifications;

/// <summary>
/// Which channel the runtime's notifications are written for. Bound from the <c>Crowdsourcing:NotificationRouting</c>
/// configuration section and validated at start by <see cref="NotificationRoutingOptionsValidator"/>.
/// </summary>
public sealed class NotificationRoutingOptions
{
    /// <summary>The configuration section: <c>Crowdsourcing:NotificationRouting</c>.</summary>
    public const string SectionName = CrowdsourcingOptions.SectionName + ":NotificationRouting";

    /// <summary>The <see cref="Notification.Channel"/> of every notification the runtime enqueues. Default <c>email</c>
    /// (the name of the SMTP channel); not empty, at most 200 characters.</summary>
    public string DefaultChannel { get; set; } = "email";
}

/// <summary>Validates <see cref="NotificationRoutingOptions"/>, listing every failure with its configuration key.</summary>
public sealed class NotificationRoutingOptionsValidator : IValidateOptions<NotificationRoutingOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, NotificationRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DefaultChannel))
        {
            return ValidateOptionsResult.Fail($"{NotificationRoutingOptions.SectionName}:DefaultChannel must not be empty.");
        }

        if (options.DefaultChannel.Length > 200 || options.DefaultChannel.Any(char.IsControl))
        {
            return ValidateOptionsResult.Fail($"{NotificationRoutingOptions.SectionName}:DefaultChannel must be at most 200 characters without control characters (value: '{options.DefaultChannel}').");
        }

        return ValidateOptionsResult.Success;
    }
}

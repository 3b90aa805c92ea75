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

    /// <summary>The channel used when no channel is registered at all: <c>email</c> (notifications wait in the outbox
    /// until a channel of that name is).</summary>
    public const string FallbackChannel = "email";

    /// <summary>
    /// The <see cref="Notification.Channel"/> of every notification the runtime enqueues. Default
    /// <see langword="null"/>: the only registered channel when there is exactly one (<c>email</c> for
    /// <c>AddSmtpNotifications()</c>, <c>webhook</c> for <c>AddWebhookNotifications()</c>), <see cref="FallbackChannel"/>
    /// when none is. When several channels are registered it must be set, and it must name one of them: the host does
    /// not start otherwise.
    /// </summary>
    public string? DefaultChannel { get; set; }

    /// <summary>The channel notifications go to, given the registered channel names (see <see cref="DefaultChannel"/>).</summary>
    internal string Resolve(IReadOnlyCollection<string> registered) =>
        DefaultChannel ?? (registered.Count == 1 ? registered.First() : FallbackChannel);
}

/// <summary>Validates <see cref="NotificationRoutingOptions"/> against the registered channels, listing every failure
/// with its configuration key: an empty name, a default channel that is not registered, several channels and no
/// default, two channels with one name.</summary>
internal sealed class NotificationRoutingOptionsValidator : IValidateOptions<NotificationRoutingOptions>
{
    private readonly IReadOnlyList<string> _channels;

    /// <summary>Creates the validator.</summary>
    /// <param name="channels">The registered channels.</param>
    public NotificationRoutingOptionsValidator(IEnumerable<INotificationChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        _channels = [.. channels.Select(c => c.Name)];
    }

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, NotificationRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string key = NotificationRoutingOptions.SectionName + ":DefaultChannel";
        var failures = new List<string>();
        foreach (var duplicate in _channels.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"Two notification channels are named '{duplicate.Key}'; channel names must be unique.");
        }

        var distinct = _channels.Distinct(StringComparer.Ordinal).ToList();
        if (options.DefaultChannel is null)
        {
            if (distinct.Count > 1)
            {
                failures.Add($"{key} must be set: several notification channels are registered ({Describe(distinct)}).");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.DefaultChannel))
        {
            failures.Add($"{key} must not be empty (leave it out to use the only registered channel).");
        }
        else if (!distinct.Contains(options.DefaultChannel, StringComparer.Ordinal))
        {
            failures.Add($"{key} is '{options.DefaultChannel}', but no notification channel of that name is registered (registered: {Describe(distinct)}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The registered channel names for a message, or "none".</summary>
    internal static string Describe(IReadOnlyCollection<string> channels) =>
        channels.Count == 0 ? "none; add one with AddSmtpNotifications(), AddWebhookNotifications() or AddNotificationChannel<T>()" : string.Join(", ", channels);
}

using Crowdsourcing.Options;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Notifications.Webhook;

/// <summary>
/// Settings of <see cref="WebhookNotificationChannel"/>, bound from the <c>Crowdsourcing:Webhook</c> configuration
/// section and validated at start by <see cref="WebhookNotificationOptionsValidator"/>.
/// </summary>
public sealed class WebhookNotificationOptions
{
    /// <summary>The configuration section: <c>Crowdsourcing:Webhook</c>.</summary>
    public const string SectionName = CrowdsourcingOptions.SectionName + ":Webhook";

    /// <summary>The channel name notifications are addressed to. Default <c>webhook</c>; not empty.</summary>
    public string ChannelName { get; set; } = "webhook";

    /// <summary>The URL notifications are POSTed to. Required; absolute, <c>http</c> or <c>https</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The shared secret messages are signed with, in the Standard Webhooks form: <c>whsec_</c> followed by a
    /// base64 key of 24 to 64 bytes (<see cref="WebhookSignature.GenerateSecret"/> makes one). Required.</summary>
    public string? Secret { get; set; }

    /// <summary>How long one POST may take (the per-attempt timeout of the HTTP client's resilience handler; it never
    /// retries). Default 30 seconds; positive and at most 10 minutes, and shorter than the outbox's lease
    /// (<c>Crowdsourcing:Notifications:LeaseDuration</c>), which cancels a send at 90 % of the lease anyway.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Validates <see cref="WebhookNotificationOptions"/>, listing every failure with its configuration key.</summary>
internal sealed class WebhookNotificationOptionsValidator : IValidateOptions<WebhookNotificationOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, WebhookNotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string prefix = WebhookNotificationOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ChannelName))
        {
            failures.Add($"{prefix}:ChannelName must not be empty.");
        }

        if (options.Endpoint is null)
        {
            failures.Add($"{prefix}:Endpoint must be set to the URL notifications are posted to.");
        }
        else if (!options.Endpoint.IsAbsoluteUri || (options.Endpoint.Scheme != Uri.UriSchemeHttp && options.Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{prefix}:Endpoint must be an absolute http or https URL (value: '{options.Endpoint.OriginalString}').");
        }

        if (string.IsNullOrEmpty(options.Secret))
        {
            failures.Add($"{prefix}:Secret must be set to the shared signing secret.");
        }
        else if (!WebhookSignature.TryReadKey(options.Secret, out _, out var problem))
        {
            failures.Add($"{prefix}:Secret {problem}.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{prefix}:Timeout must be positive and at most 10 minutes (value: {options.Timeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

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

    /// <summary>The shared secret the body is signed with (HMAC-SHA256). Required; at least 16 characters.</summary>
    public string? Secret { get; set; }

    /// <summary>How long one POST may take. Default 30 seconds; positive and at most 10 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Validates <see cref="WebhookNotificationOptions"/>, listing every failure with its configuration key.</summary>
public sealed class WebhookNotificationOptionsValidator : IValidateOptions<WebhookNotificationOptions>
{
    /// <summary>The shortest secret accepted.</summary>
    public const int MinimumSecretLength = 16;

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
        else if (options.Secret.Length < MinimumSecretLength)
        {
            failures.Add($"{prefix}:Secret must be at least {MinimumSecretLength} characters (has {options.Secret.Length}).");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{prefix}:Timeout must be positive and at most 10 minutes (value: {options.Timeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

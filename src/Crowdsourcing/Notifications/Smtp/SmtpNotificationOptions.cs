using System.Net.Mail;
using Crowdsourcing.Options;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Notifications.Smtp;

/// <summary>
/// Settings of <see cref="SmtpNotificationChannel"/>, bound from the <c>Crowdsourcing:Smtp</c> configuration section
/// and validated at start by <see cref="SmtpNotificationOptionsValidator"/>.
/// </summary>
public sealed class SmtpNotificationOptions
{
    /// <summary>The configuration section: <c>Crowdsourcing:Smtp</c>.</summary>
    public const string SectionName = CrowdsourcingOptions.SectionName + ":Smtp";

    /// <summary>The channel name notifications are addressed to. Default <c>email</c>; not empty.</summary>
    public string ChannelName { get; set; } = "email";

    /// <summary>The SMTP server's host name or address. Required.</summary>
    public string? Host { get; set; }

    /// <summary>The SMTP server's port. Default 25; from 1 to 65535.</summary>
    public int Port { get; set; } = 25;

    /// <summary>How the connection is secured: <see cref="SmtpSecurity.StartTls"/> (upgrade with STARTTLS, and fail if
    /// the server does not offer it), <see cref="SmtpSecurity.Tls"/> (TLS from the start, usually port 465) or
    /// <see cref="SmtpSecurity.None"/>. Default <see cref="SmtpSecurity.None"/>.</summary>
    public SmtpSecurity Security { get; set; }

    /// <summary>
    /// The SHA-256 of the server's certificate (hex, colons allowed) to trust even when its chain does not validate, for
    /// an internal relay with a self-signed certificate; <see langword="null"/> (the default) trusts only certificates
    /// that validate.
    /// </summary>
    public string? ServerCertificateSha256 { get; set; }

    /// <summary>The sender's address, for example <c>crowd@example.com</c>. Required; a valid e-mail address.</summary>
    public string? From { get; set; }

    /// <summary>The sender's display name; <see langword="null"/> for none.</summary>
    public string? FromDisplayName { get; set; }

    /// <summary>The user name to authenticate with; <see langword="null"/> for none. Set together with <see cref="Password"/>.</summary>
    public string? UserName { get; set; }

    /// <summary>The password to authenticate with; <see langword="null"/> for none. Set together with <see cref="UserName"/>.</summary>
    public string? Password { get; set; }

    /// <summary>How long one SMTP operation (connect, authenticate, send) may take. Default 100 seconds; positive and at
    /// most 24 hours, and shorter than the outbox's lease (<c>Crowdsourcing:Notifications:LeaseDuration</c>), which
    /// cancels a send at 90 % of the lease anyway.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
}

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>No TLS (a relay on the same host or network).</summary>
    None = 0,

    /// <summary>Upgrade the connection with STARTTLS; fail when the server does not offer it.</summary>
    StartTls = 1,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    Tls = 2,
}

/// <summary>Validates <see cref="SmtpNotificationOptions"/>, listing every failure with its configuration key.</summary>
internal sealed class SmtpNotificationOptionsValidator : IValidateOptions<SmtpNotificationOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SmtpNotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string prefix = SmtpNotificationOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ChannelName))
        {
            failures.Add($"{prefix}:ChannelName must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add($"{prefix}:Host must be set to the SMTP server's host name.");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{prefix}:Port must be from 1 to 65535 (value: {options.Port}).");
        }

        if (string.IsNullOrWhiteSpace(options.From))
        {
            failures.Add($"{prefix}:From must be set to the sender's e-mail address.");
        }
        else if (!MailAddress.TryCreate(options.From, out _))
        {
            failures.Add($"{prefix}:From is not an e-mail address (value: '{options.From}').");
        }

        if ((options.UserName is null) != (options.Password is null))
        {
            failures.Add($"{prefix}:UserName and {prefix}:Password must be set together (only {(options.UserName is null ? "Password" : "UserName")} is set).");
        }

        if (!Enum.IsDefined(options.Security))
        {
            failures.Add($"{prefix}:Security must be one of {Serialization.EnumNames.Describe<SmtpSecurity>()} (value: {(int)options.Security}).");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromHours(24))
        {
            failures.Add($"{prefix}:Timeout must be positive and at most 24 hours (value: {options.Timeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Crowdsourcing.Notifications.Webhook;

/// <summary>
/// The Standard Webhooks signature (https://www.standardwebhooks.com): the headers <c>webhook-id</c> (the notification
/// id, the idempotency key), <c>webhook-timestamp</c> (Unix seconds) and <c>webhook-signature</c>
/// (<c>v1,</c> followed by the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, keyed with the secret's bytes).
/// Secrets are written <c>whsec_</c> followed by the base64 key, as every Standard Webhooks library reads them, so
/// receivers can verify with any of them.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header carrying the message id, the notification id (the idempotency key): <c>webhook-id</c>.</summary>
    public const string IdHeaderName = "webhook-id";

    /// <summary>The header carrying the send time in Unix seconds: <c>webhook-timestamp</c>.</summary>
    public const string TimestampHeaderName = "webhook-timestamp";

    /// <summary>The header carrying the signature: <c>webhook-signature</c>.</summary>
    public const string SignatureHeaderName = "webhook-signature";

    /// <summary>The prefix of a secret: <c>whsec_</c>.</summary>
    public const string SecretPrefix = "whsec_";

    /// <summary>The shortest key accepted, in bytes: 24 (the Standard recommends 24 to 64).</summary>
    public const int MinimumKeyBytes = 24;

    /// <summary>The longest key accepted, in bytes: 64.</summary>
    public const int MaximumKeyBytes = 64;

    /// <summary>A new random secret: <c>whsec_</c> and 32 random bytes in base64.</summary>
    public static string GenerateSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Reads the key of a <c>whsec_</c> secret.</summary>
    /// <param name="secret">The secret.</param>
    /// <param name="key">The key's bytes.</param>
    /// <param name="problem">What is wrong with the secret, in words, when it cannot be read.</param>
    /// <returns>Whether the secret is a <c>whsec_</c> secret with a key of 24 to 64 bytes.</returns>
    public static bool TryReadKey(string? secret, out byte[] key, out string? problem)
    {
        key = [];
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            problem = $"must start with '{SecretPrefix}' followed by the base64 key (generate one with WebhookSignature.GenerateSecret())";
            return false;
        }

        try
        {
            key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        }
        catch (FormatException)
        {
            problem = $"must be '{SecretPrefix}' followed by base64; the rest is not base64";
            return false;
        }

        if (key.Length is < MinimumKeyBytes or > MaximumKeyBytes)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"must hold a key of {MinimumKeyBytes} to {MaximumKeyBytes} bytes (has {key.Length})");
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>The <c>webhook-signature</c> value of one message: <c>v1,</c> and the base64 HMAC-SHA256 of
    /// <c>{id}.{timestamp}.{body}</c>.</summary>
    /// <param name="secret">The <c>whsec_</c> secret.</param>
    /// <param name="id">The <c>webhook-id</c>.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c>, in Unix seconds.</param>
    /// <param name="body">The exact body bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is not a <c>whsec_</c> secret, or <paramref name="id"/> is empty.</exception>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (!TryReadKey(secret, out var key, out var problem))
        {
            throw new ArgumentException("The webhook secret " + problem + ".", nameof(secret));
        }

        return "v1," + Convert.ToBase64String(Hash(key, id, timestamp, body));
    }

    /// <summary>Checks a <c>webhook-signature</c> header (one or more space-separated <c>v1,…</c> signatures) in
    /// constant time. It does not check the timestamp's age: a receiver should also refuse old timestamps.</summary>
    /// <returns>Whether one of the signatures is the signature of the message with <paramref name="secret"/>.</returns>
    public static bool Verify(string secret, string? id, string? timestamp, ReadOnlySpan<byte> body, string? signatureHeader)
    {
        if (string.IsNullOrEmpty(id) || signatureHeader is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || !TryReadKey(secret, out var key, out _))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(Hash(key, id, seconds, body)));
        var match = false;
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate.StartsWith("v1,", StringComparison.Ordinal))
            {
                match |= CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate[3..]));
            }
        }

        return match;
    }

    private static byte[] Hash(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}."));
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, signed);
    }
}

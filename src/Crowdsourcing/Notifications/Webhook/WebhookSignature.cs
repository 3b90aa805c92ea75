using System.Security.Cryptography;
using System.Text;

namespace Crowdsourcing.Notifications.Webhook;

/// <summary>
/// The signature of a webhook body: <c>sha256=</c> followed by the lower-case hex HMAC-SHA256 of the exact body bytes,
/// keyed with the UTF-8 bytes of the shared secret. Receivers recompute it over the raw body and compare with
/// <see cref="Verify"/>.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header carrying the signature: <c>X-Crowdsourcing-Signature</c>.</summary>
    public const string HeaderName = "X-Crowdsourcing-Signature";

    /// <summary>The header carrying the notification id, the idempotency key: <c>Idempotency-Key</c>.</summary>
    public const string IdempotencyHeaderName = "Idempotency-Key";

    private const string Prefix = "sha256=";

    /// <summary>Computes the signature of <paramref name="body"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>Checks a signature in constant time.</summary>
    /// <returns>Whether <paramref name="signature"/> is the signature of <paramref name="body"/> with <paramref name="secret"/>.</returns>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? signature)
    {
        if (signature is null || string.IsNullOrEmpty(secret))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, body));
        var actual = Encoding.ASCII.GetBytes(signature.Trim());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}

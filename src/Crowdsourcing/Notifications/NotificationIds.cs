using System.Security.Cryptography;
using System.Text;

namespace Crowdsourcing.Notifications;

/// <summary>Deterministic notification ids: the idempotency keys that keep a notification from being enqueued twice.</summary>
internal static class NotificationIds
{
    /// <summary>The longest id kept as it is.</summary>
    public const int MaxLength = 200;

    /// <summary>Joins the parts with <c>:</c>; an id longer than 200 characters keeps its first part and a SHA-256 of the whole.</summary>
    public static string Make(params string[] parts)
    {
        var id = string.Join(':', parts);
        if (id.Length <= MaxLength)
        {
            return id;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
        var prefix = parts[0].Length > 100 ? parts[0][..100] : parts[0];
        return $"{prefix}:sha256-{hash}";
    }
}

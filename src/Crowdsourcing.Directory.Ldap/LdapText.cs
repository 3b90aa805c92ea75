using System.Globalization;
using System.Text;

namespace Crowdsourcing.Directory.Ldap;

/// <summary>Escaping of values put into LDAP search filters (RFC 4515).</summary>
public static class LdapFilter
{
    /// <summary>
    /// Escapes <paramref name="value"/> for use as an assertion value in a search filter (RFC 4515, section 3): the
    /// characters <c>*</c>, <c>(</c>, <c>)</c>, <c>\</c> and NUL, and every other control character, become <c>\</c>
    /// followed by two hex digits of each of their UTF-8 bytes, so a user name such as <c>*)(uid=*</c> matches only an
    /// entry with that literal name.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The escaped value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is '*' or '(' or ')' or '\\' || Rune.IsControl(rune))
            {
                var count = rune.EncodeToUtf8(bytes);
                for (var i = 0; i < count; i++)
                {
                    builder.Append('\\').Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }
}

/// <summary>Distinguished names compared as the directory would, near enough for configuration.</summary>
internal static class Dn
{
    /// <summary>Lower case, without spaces around <c>,</c>, <c>=</c> and <c>+</c>.</summary>
    public static string Normalize(string dn)
    {
        var builder = new StringBuilder(dn.Length);
        var parts = dn.Trim().Split(',');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var equals = parts[i].Split('=', 2);
            builder.Append(equals[0].Trim());
            if (equals.Length == 2)
            {
                builder.Append('=').Append(equals[1].Trim());
            }
        }

        return builder.ToString().ToLowerInvariant();
    }
}

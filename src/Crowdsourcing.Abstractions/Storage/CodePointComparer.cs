namespace Crowdsourcing.Storage;

/// <summary>
/// Orders strings by Unicode code point — the same order as their UTF-8 bytes, which is how SQLite (<c>BINARY</c>)
/// and PostgreSQL (<c>COLLATE "C"</c>) compare text. Every store listing uses this order for its keys.
/// </summary>
/// <remarks>
/// It differs from <see cref="StringComparer.Ordinal"/> (UTF-16 code units) only for characters outside the Basic
/// Multilingual Plane (emoji, for example), which code-point order puts after U+E000–U+FFFF and UTF-16 order before.
/// </remarks>
public sealed class CodePointComparer : IComparer<string?>
{
    private CodePointComparer()
    {
    }

    /// <summary>The comparer.</summary>
    public static CodePointComparer Instance { get; } = new();

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a != b)
            {
                return Fix(a) - Fix(b);
            }
        }

        return x.Length - y.Length;
    }

    // Moves surrogates (U+D800–U+DFFF) above U+E000–U+FFFF, so that UTF-16 code units compare in code-point order.
    private static int Fix(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}

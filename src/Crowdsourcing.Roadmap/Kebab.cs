using System.Collections.Frozen;
using System.Text;
using Crowdsourcing.Roadmap.Initiatives;

namespace Crowdsourcing.Roadmap;

/// <summary>
/// The kebab-case names of the enumerations the roadmap uses, as they appear in its JSON and Markdown: its own
/// (<see cref="InitiativeGoal"/>, <see cref="Market"/>, ...) and the model's (<see cref="Crowdsourcing.Tasks.TaskKind"/>,
/// <see cref="Crowdsourcing.Tasks.Confidentiality"/>, <see cref="Crowdsourcing.Crowd.CrowdLayer"/>,
/// <see cref="Crowdsourcing.Crowd.CrowdConfiguration"/>, <see cref="Crowdsourcing.Incentives.Motivation"/>). The name of a
/// value is its member name split before each upper-case letter that follows a lower-case one and lower-cased
/// (<c>SelfOrganized</c> is <c>self-organized</c>, the spelling of the model's JSON), except <see cref="Market.B2BC"/>,
/// which is <c>b2b-c</c>.
/// </summary>
public static class Kebab
{
    /// <summary>The kebab-case name of <paramref name="value"/>, e.g. <c>knowledge-discovery</c> or <c>b2b-c</c>.</summary>
    /// <typeparam name="TEnum">The enumeration.</typeparam>
    /// <param name="value">A defined value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not defined.</exception>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum
        => Names<TEnum>.ToName.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no value {value}.");

    /// <summary>Parses a kebab-case name (exact, case-sensitive).</summary>
    /// <typeparam name="TEnum">The enumeration.</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="value">The value when found.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> is one of <see cref="AllowedNames{TEnum}"/>.</returns>
    public static bool TryParse<TEnum>(string? name, out TEnum value) where TEnum : struct, Enum
        => Names<TEnum>.FromName.TryGetValue(name ?? string.Empty, out value);

    /// <summary>The allowed kebab-case names, in declaration order.</summary>
    /// <typeparam name="TEnum">The enumeration.</typeparam>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> AllowedNames<TEnum>() where TEnum : struct, Enum => Names<TEnum>.All;

    internal static string Convert(string pascal)
    {
        if (pascal == "B2BC")
        {
            return "b2b-c";
        }

        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0 && char.IsLower(pascal[i - 1]))
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ToName =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => Convert(v.ToString()));

        public static readonly FrozenDictionary<string, TEnum> FromName =
            ToName.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public static readonly IReadOnlyList<string> All = [.. Enum.GetValues<TEnum>().Select(v => ToName[v])];
    }
}

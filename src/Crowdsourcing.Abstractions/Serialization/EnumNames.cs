using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Crowdsourcing.Serialization;

/// <summary>
/// The names enumeration values have in the library's JSON, CLI output, messages and web API: kebab-case
/// (<c>TrustedPartners</c> is <c>trusted-partners</c>, <c>SelfOrganized</c> is <c>self-organized</c>, <c>B2B</c> is
/// <c>b2b</c>), or the name a
/// <see cref="JsonStringEnumMemberNameAttribute"/> gives the member. One mechanism for every package, so a value is
/// spelt the same wherever a user reads or writes it.
/// </summary>
public static class EnumNames
{
    /// <summary>The name of <paramref name="value"/>, for example <c>knowledge-discovery</c>.</summary>
    /// <typeparam name="TEnum">The enumeration.</typeparam>
    /// <param name="value">A defined value.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ValidationFailedException">The value is not defined.</exception>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum
        => Names<TEnum>.ToName.TryGetValue(value, out var name)
            ? name
            : throw new ValidationFailedException(typeof(TEnum).Name, $"{typeof(TEnum).Name} has no value {Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)}; allowed: {Names<TEnum>.Allowed}.");

    /// <summary>Parses a name (exact and case-sensitive: only the spelling <see cref="Of{TEnum}"/> writes).</summary>
    /// <typeparam name="TEnum">The enumeration.</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="value">The value when found.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> is one of <see cref="All{TEnum}"/>.</returns>
    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
        => Names<TEnum>.FromName.TryGetValue(name ?? string.Empty, out value);

    /// <summary>Parses a name, or fails naming what was given and what is allowed.</summary>
    /// <typeparam name="TEnum">The enumeration.</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="path">Where the name was read, for the error (a JSON path, an option, a column).</param>
    /// <returns>The value.</returns>
    /// <exception cref="ValidationFailedException"><paramref name="name"/> is not one of <see cref="All{TEnum}"/>.</exception>
    public static TEnum Parse<TEnum>(string? name, string path)
        where TEnum : struct, Enum
        => TryParse<TEnum>(name, out var value)
            ? value
            : throw new ValidationFailedException(path, $"{path}: {(name is null ? "nothing" : $"'{name}'")} is not allowed; expected one of {Names<TEnum>.Allowed}.");

    /// <summary>Every name of <typeparamref name="TEnum"/>, in declaration order.</summary>
    /// <typeparam name="TEnum">The enumeration.</typeparam>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum
        => Names<TEnum>.All;

    /// <summary>Every name of the enumeration <paramref name="enumType"/>, in declaration order (for messages that know the type only at run time).</summary>
    /// <param name="enumType">An enumeration type.</param>
    /// <returns>The names.</returns>
    internal static IReadOnlyList<string> All(Type enumType) =>
        [.. Enum.GetNames(enumType).Select(member => enumType.GetField(member, BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? Kebab(member))];

    /// <summary>The allowed names quoted and separated by commas, for messages: <c>'internal', 'general'</c>.</summary>
    /// <typeparam name="TEnum">The enumeration.</typeparam>
    /// <returns>The list.</returns>
    public static string Describe<TEnum>()
        where TEnum : struct, Enum
        => Names<TEnum>.Allowed;

    private static string NameOf<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var member = value.ToString();
        var attribute = typeof(TEnum).GetField(member, BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>();
        return attribute?.Name ?? Kebab(member);
    }

    /// <summary>The member name split before each upper-case letter that follows a lower-case one, lower-cased:
    /// <c>SelfOrganized</c> is <c>self-organized</c>, <c>B2B</c> is <c>b2b</c>.</summary>
    private static string Kebab(string member)
    {
        var builder = new System.Text.StringBuilder(member.Length + 4);
        for (var i = 0; i < member.Length; i++)
        {
            var c = member[i];
            if (char.IsUpper(c) && i > 0 && char.IsLower(member[i - 1]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly IReadOnlyList<string> All = [.. Enum.GetValues<TEnum>().Select(NameOf)];

        public static readonly FrozenDictionary<TEnum, string> ToName =
            Enum.GetValues<TEnum>().Distinct().ToFrozenDictionary(v => v, NameOf);

        public static readonly FrozenDictionary<string, TEnum> FromName =
            ToName.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public static readonly string Allowed = string.Join(", ", All.Select(n => $"'{n}'"));
    }
}

using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Crowdsourcing.Validation;

/// <summary>
/// Validation used by the model's constructors and init accessors. Every failure is a
/// <see cref="ValidationFailedException"/> whose message names the type, the field and the value, formatted with the
/// invariant culture, and whose <see cref="ValidationFailedException.Path"/> is the bare field name (a list item's index
/// is left out: <c>Choices[1]</c> is reported as <c>Choices</c>).
/// </summary>
internal static partial class Guard
{
    /// <summary>The longest identifier the model accepts, in UTF-16 code units (<see cref="Limits.MaxIdLength"/>).</summary>
    internal const int MaxIdLength = Limits.MaxIdLength;

    /// <summary>The longest delegation id: the runtime composes it as the request's id, <c>:d</c> and a number.</summary>
    internal const int MaxDelegationIdLength = Limits.MaxIdLength + 20;

    /// <summary>The path an exception carries: the bare field name, without an index.</summary>
    internal static string Param(string field)
    {
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? field : field[..bracket];
    }

    /// <summary>A culture-invariant message.</summary>
    internal static string Message(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);

    /// <summary>A <see cref="ValidationFailedException"/> whose path is the bare field name.</summary>
    internal static ValidationFailedException Fail(string field, string message) => new(Param(field), message);

    /// <summary>A <see cref="ValidationFailedException"/> for a value out of its range (the value is in the message,
    /// formatted invariantly).</summary>
    internal static ValidationFailedException OutOfRange(string field, string message) => new(Param(field), message);

    /// <summary>Rejects a missing required sub-object.</summary>
    internal static T NotNull<T>(T? value, string type, string field)
        where T : class =>
        value ?? throw new ValidationFailedException(Param(field), $"{type}.{field} must be given.");

    /// <summary>An identifier: 1 to <see cref="Limits.MaxIdLength"/> characters from <see cref="Limits.IdAlphabet"/>,
    /// a dot not first nor last, so that it is one URL path segment as it is.</summary>
    internal static string Id(string? value, string type, string field) => IsId(value) ? value : IdCore(value, $"{type}.{field}", Param(field));

    /// <summary>The characters of <see cref="Limits.IdAlphabet"/>.</summary>
    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~@.");

    /// <summary>
    /// Whether <paramref name="value"/> passes <see cref="IdCore"/>, checked without building the label its messages
    /// need: a million ids (a crowd read back from the store) cost no allocation.
    /// </summary>
    private static bool IsId([NotNullWhen(true)] string? value) =>
        value is { Length: > 0 and <= MaxIdLength } && !value.AsSpan().ContainsAnyExcept(IdCharacters) && value[0] != '.' && value[^1] != '.';

    /// <summary>Whether <paramref name="value"/> passes <see cref="KeyCore"/> with <paramref name="max"/>, checked without building the label its messages need.</summary>
    private static bool IsKey([NotNullWhen(true)] string? value, int max) =>
        value is not null && value.Length <= max && !string.IsNullOrWhiteSpace(value)
        && !value.AsSpan().ContainsAnyInRange('\0', '\u001f') && !value.AsSpan().ContainsAnyInRange('\u007f', '\u009f');

    /// <summary>The identifier rule with the field named <paramref name="label"/> in messages and <paramref name="path"/>
    /// as the error's path.</summary>
    internal static string IdCore(string? value, string label, string path)
    {
        value = KeyCore(value, label, path);
        for (var i = 0; i < value.Length; i++)
        {
            if (!IsIdCharacter(value[i]))
            {
                throw new ValidationFailedException(path, Message($"{label} has {Describe(value[i])} at position {i + 1}; an id is made of {Limits.IdAlphabet} (value: {Show(value)})."));
            }
        }

        if (value[0] == '.' || value[^1] == '.')
        {
            throw new ValidationFailedException(path, $"{label} must not start or end with a dot; an id is made of {Limits.IdAlphabet} (value: {Show(value)}).");
        }

        return value;
    }

    internal static string? OptionalId(string? value, string type, string field) =>
        value is null ? null : Id(value, type, field);

    /// <summary>A key (a choice, a qualification, a group, a kind, a channel…): not blank, at most
    /// <see cref="Limits.MaxIdLength"/> characters, no control character.</summary>
    internal static string Key(string? value, string type, string field, int max = MaxIdLength) => IsKey(value, max) ? value : KeyCore(value, $"{type}.{field}", Param(field), max);

    internal static string KeyCore(string? value, string label, string path, int max = MaxIdLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ValidationFailedException(path, $"{label} must not be empty or whitespace (value: {Show(value)}).");
        }

        if (value.Length > max)
        {
            throw new ValidationFailedException(path, Message($"{label} must be at most {max} characters (value has {value.Length:N0})."));
        }

        var control = value.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        if (control < 0)
        {
            control = value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        }

        if (control >= 0)
        {
            throw new ValidationFailedException(path, Message($"{label} must not contain control characters; it has {Describe(value[control])} at position {control + 1} (value: {Show(value)})."));
        }

        return value;
    }

    /// <summary>Whether <paramref name="c"/> may be in an identifier (see <see cref="Limits.IdAlphabet"/>).</summary>
    internal static bool IsIdCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '~' or '@' or '.';

    /// <summary>A name, display name or title: not blank, at most <see cref="Limits.MaxNameLength"/> characters, no
    /// control character (not even a line break).</summary>
    internal static string Name(string? value, string type, string field) => IsKey(value, Limits.MaxNameLength) ? value : KeyCore(value, $"{type}.{field}", Param(field), Limits.MaxNameLength);

    /// <summary>A text: not blank, at most <paramref name="max"/> characters (<see cref="Limits.MaxTextLength"/> by
    /// default), no control character but tab, line feed and carriage return.</summary>
    internal static string Text(string? value, string type, string field, int max = Limits.MaxTextLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Fail(field, $"{type}.{field} must not be empty or whitespace (value: {Show(value)}).");
        }

        return OptionalText(value, type, field, max)!;
    }

    /// <summary>A text that may be empty or <see langword="null"/>: at most <paramref name="max"/> characters, no
    /// control character but tab, line feed and carriage return.</summary>
    internal static string? OptionalText(string? value, string type, string field, int max = Limits.MaxTextLength)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > max)
        {
            throw Fail(field, Message($"{type}.{field} must be at most {max:N0} characters (value has {value.Length:N0})."));
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                throw Fail(field, Message($"{type}.{field} must not contain control characters other than tab and line breaks; it has {Describe(c)} at position {i + 1}."));
            }
        }

        return value;
    }

    /// <summary>A character in words, for a message: <c>'/'</c>, or <c>U+0000</c> for one that cannot be shown.</summary>
    internal static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) ? Message($"the character U+{(int)c:X4}") : $"'{c}'";

    internal static T Defined<T>(T value, string type, string field)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw OutOfRange(field, Message($"{type}.{field} has the undefined value {Convert.ToInt64(value, CultureInfo.InvariantCulture)}; allowed: {Serialization.EnumNames.Describe<T>()}."));
        }

        return value;
    }

    internal static long NonNegative(long value, string type, string field) =>
        value < 0 ? throw OutOfRange(field, Message($"{type}.{field} must not be negative (value: {value}).")) : value;

    internal static int NonNegative(int value, string type, string field) =>
        value < 0 ? throw OutOfRange(field, Message($"{type}.{field} must not be negative (value: {value}).")) : value;

    internal static int Positive(int value, string type, string field) =>
        value <= 0 ? throw OutOfRange(field, Message($"{type}.{field} must be positive (value: {value}).")) : value;

    internal static decimal NonNegative(decimal value, string type, string field) =>
        value < 0 ? throw OutOfRange(field, Message($"{type}.{field} must not be negative (value: {value}).")) : value;

    internal static double Finite(double value, string type, string field) =>
        !double.IsFinite(value) ? throw OutOfRange(field, Message($"{type}.{field} must be a finite number (value: {value}).")) : value;

    internal static TimeSpan Positive(TimeSpan value, string type, string field) =>
        value <= TimeSpan.Zero ? throw OutOfRange(field, Message($"{type}.{field} must be a positive duration (value: {value:c}).")) : value;

    /// <summary>Copies a list of at most <paramref name="max"/> items (<see cref="Limits.MaxListItems"/> by default),
    /// rejecting null items; a null list is an empty one.</summary>
    internal static IReadOnlyList<T> List<T>(IEnumerable<T>? values, string type, string field, int max = Limits.MaxListItems)
    {
        if (values is null)
        {
            return [];
        }

        var copy = values.ToArray();
        if (copy.Length > max)
        {
            throw Fail(field, Message($"{type}.{field} may have at most {max:N0} items (it has {copy.Length:N0})."));
        }

        for (var i = 0; i < copy.Length; i++)
        {
            if (copy[i] is null)
            {
                throw Fail(field, Message($"{type}.{field}[{i}] must not be null."));
            }
        }

        return copy;
    }

    /// <summary>Copies a list that must have at least one item (<paramref name="empty"/> is the message otherwise).</summary>
    internal static IReadOnlyList<T> NonEmptyList<T>(IEnumerable<T>? values, string type, string field, string empty, int max = Limits.MaxListItems)
    {
        var copy = List(values, type, field, max);
        return copy.Count == 0 ? throw Fail(field, empty) : copy;
    }

    /// <summary>Copies a list of identifiers (<see cref="Id"/>), rejecting empty and duplicate entries (ordinal comparison).</summary>
    internal static IReadOnlyList<string> DistinctIds(IEnumerable<string>? values, string type, string field, int max = Limits.MaxListItems) =>
        Distinct(values, type, field, max, Id);

    /// <summary>Copies a list of keys (<see cref="Key"/>), rejecting empty and duplicate entries (ordinal comparison).</summary>
    internal static IReadOnlyList<string> DistinctKeys(IEnumerable<string>? values, string type, string field, int max = Limits.MaxListItems) =>
        Distinct(values, type, field, max, (value, t, f) => Key(value, t, f));

    private static IReadOnlyList<string> Distinct(IEnumerable<string>? values, string type, string field, int max, Func<string?, string, string, string> check)
    {
        var copy = List(values, type, field, max);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < copy.Count; i++)
        {
            check(copy[i], type, Message($"{field}[{i}]"));
            if (!seen.Add(copy[i]))
            {
                throw Fail(field, Message($"{type}.{field} contains {Show(copy[i])} more than once (at index {i})."));
            }
        }

        return copy;
    }

    /// <summary>Copies a list of enum values, rejecting undefined and repeated values.</summary>
    internal static IReadOnlyList<T> DistinctValues<T>(IEnumerable<T>? values, string type, string field)
        where T : struct, Enum
    {
        var copy = List(values, type, field);
        for (var i = 0; i < copy.Count; i++)
        {
            Defined(copy[i], type, Message($"{field}[{i}]"));
            if (copy.Take(i).Contains(copy[i]))
            {
                throw Fail(field, $"{type}.{field} contains {copy[i]} more than once.");
            }
        }

        return copy;
    }

    /// <summary>Checks that the key selected from each item is unique within the list.</summary>
    internal static IReadOnlyList<T> UniqueBy<T>(IReadOnlyList<T> items, Func<T, string> key, string type, string field, string keyName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var k = key(items[i]);
            if (!seen.Add(k))
            {
                throw Fail(field, Message($"{type}.{field}[{i}].{keyName} '{k}' is used more than once."));
            }
        }

        return items;
    }

    internal static string Show(string? value) => value is null ? "null" : $"'{(value.Length > 60 ? value[..60] + "…" : value)}'";

    [GeneratedRegex("^[^@\\s]+@[^@\\s]+\\z", RegexOptions.CultureInvariant)]
    internal static partial Regex EmailPattern();
}

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
    /// <summary>The longest identifier the model accepts, in UTF-16 code units.</summary>
    internal const int MaxIdLength = 200;

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

    internal static string Id(string? value, string type, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Fail(field, $"{type}.{field} must not be empty or whitespace (value: {Show(value)}).");
        }

        if (value.Length > MaxIdLength)
        {
            throw Fail(field, Message($"{type}.{field} must be at most {MaxIdLength} characters (value has {value.Length})."));
        }

        if (value.Any(char.IsControl))
        {
            throw Fail(field, $"{type}.{field} must not contain control characters (value: {Show(value)}).");
        }

        return value;
    }

    internal static string? OptionalId(string? value, string type, string field) =>
        value is null ? null : Id(value, type, field);

    internal static string Text(string? value, string type, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Fail(field, $"{type}.{field} must not be empty or whitespace (value: {Show(value)}).");
        }

        return value;
    }

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

    /// <summary>Copies a list, rejecting null items; a null list is an empty one.</summary>
    internal static IReadOnlyList<T> List<T>(IEnumerable<T>? values, string type, string field)
    {
        if (values is null)
        {
            return [];
        }

        var copy = values.ToArray();
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
    internal static IReadOnlyList<T> NonEmptyList<T>(IEnumerable<T>? values, string type, string field, string empty)
    {
        var copy = List(values, type, field);
        return copy.Count == 0 ? throw Fail(field, empty) : copy;
    }

    /// <summary>Copies a list of identifiers, rejecting empty and duplicate entries (ordinal comparison).</summary>
    internal static IReadOnlyList<string> DistinctIds(IEnumerable<string>? values, string type, string field)
    {
        var copy = List(values, type, field);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < copy.Count; i++)
        {
            Id(copy[i], type, Message($"{field}[{i}]"));
            if (!seen.Add(copy[i]))
            {
                throw Fail(field, Message($"{type}.{field} contains '{copy[i]}' more than once (at index {i})."));
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

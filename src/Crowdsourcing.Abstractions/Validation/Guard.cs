using System.Globalization;
using System.Text.RegularExpressions;

namespace Crowdsourcing;

/// <summary>
/// Validation used by the model's constructors and init accessors. Every failure names the type, the field and the value.
/// </summary>
internal static partial class Guard
{
    /// <summary>The longest identifier the model accepts, in UTF-16 code units.</summary>
    internal const int MaxIdLength = 200;

    internal static string Id(string? value, string type, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{type}.{field} must not be empty or whitespace (value: {Show(value)}).", field);
        }

        if (value.Length > MaxIdLength)
        {
            throw new ArgumentException($"{type}.{field} must be at most {MaxIdLength} characters (value has {value.Length}).", field);
        }

        if (value.Any(char.IsControl))
        {
            throw new ArgumentException($"{type}.{field} must not contain control characters (value: {Show(value)}).", field);
        }

        return value;
    }

    internal static string? OptionalId(string? value, string type, string field) =>
        value is null ? null : Id(value, type, field);

    internal static string Text(string? value, string type, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{type}.{field} must not be empty or whitespace (value: {Show(value)}).", field);
        }

        return value;
    }

    internal static T Defined<T>(T value, string type, string field)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(field, value, $"{type}.{field} has the undefined value {Convert.ToInt64(value, CultureInfo.InvariantCulture)}; allowed: {string.Join(", ", Enum.GetNames<T>())}.");
        }

        return value;
    }

    internal static long NonNegative(long value, string type, string field)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{type}.{field} must not be negative (value: {value}).");
        }

        return value;
    }

    internal static int NonNegative(int value, string type, string field)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{type}.{field} must not be negative (value: {value}).");
        }

        return value;
    }

    internal static int Positive(int value, string type, string field)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{type}.{field} must be positive (value: {value}).");
        }

        return value;
    }

    internal static decimal NonNegative(decimal value, string type, string field)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{type}.{field} must not be negative (value: {value.ToString(CultureInfo.InvariantCulture)}).");
        }

        return value;
    }

    internal static double Finite(double value, string type, string field)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(field, value, $"{type}.{field} must be a finite number (value: {value.ToString(CultureInfo.InvariantCulture)}).");
        }

        return value;
    }

    internal static TimeSpan Positive(TimeSpan value, string type, string field)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{type}.{field} must be a positive duration (value: {value}).");
        }

        return value;
    }

    /// <summary>Copies a list, rejecting a null list and null items.</summary>
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
                throw new ArgumentException($"{type}.{field}[{i}] must not be null.", field);
            }
        }

        return copy;
    }

    /// <summary>Copies a list of identifiers, rejecting empty and duplicate entries (ordinal comparison).</summary>
    internal static IReadOnlyList<string> DistinctIds(IEnumerable<string>? values, string type, string field)
    {
        var copy = List(values, type, field);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < copy.Count; i++)
        {
            Id(copy[i], type, $"{field}[{i}]");
            if (!seen.Add(copy[i]))
            {
                throw new ArgumentException($"{type}.{field} contains '{copy[i]}' more than once (at index {i}).", field);
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
                throw new ArgumentException($"{type}.{field}[{i}].{keyName} '{k}' is used more than once.", field);
            }
        }

        return items;
    }

    internal static string Show(string? value) => value is null ? "null" : $"'{(value.Length > 60 ? value[..60] + "…" : value)}'";

    [GeneratedRegex("^[^@\\s]+@[^@\\s]+$", RegexOptions.CultureInvariant)]
    internal static partial Regex EmailPattern();
}

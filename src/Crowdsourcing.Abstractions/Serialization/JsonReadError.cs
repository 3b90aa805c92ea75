using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Crowdsourcing.Serialization;

/// <summary>
/// Why a JSON document could not be read, in the user's words: where (the JSON path, and the line and column when
/// known) and what was wrong, with what was expected in plain words (a number, a string, one of 'a', 'b', an array of
/// numbers) and what was found. Never a .NET type name, never System.Text.Json's "Path: … | LineNumber: …" tail.
/// Every JSON reader of the library reports through it: the model types (<see cref="CrowdsourcingJson"/>), decision
/// model files, initiative specs, campaign and submission files, event logs.
/// </summary>
/// <param name="Path">The JSON path of the offending value (<c>$.interventions[0].cost</c>), or <see langword="null"/>
/// when the text is not JSON at all and only the line and column are known.</param>
/// <param name="Problem">What was wrong, e.g. <c>expected a number; found the string "x"</c>.</param>
/// <param name="Line">The 1-based line, when known.</param>
/// <param name="Column">The 1-based column (in characters when the text is known, else in bytes), when known.</param>
public sealed partial record JsonReadError(string? Path, string Problem, long? Line, long? Column)
{
    /// <summary>The error as one line: <c>$.utility[0][0] (line 4, column 17): expected a number; found the string "x"</c>.</summary>
    public string Message
    {
        get
        {
            var where = Line is { } line
                ? string.Create(CultureInfo.InvariantCulture, $"line {line}{(Column is { } column ? $", column {column}" : string.Empty)}")
                : null;
            return (Path, where) switch
            {
                (null, null) => Problem,
                (null, _) => $"{where}: {Problem}",
                (_, null) => $"{Path}: {Problem}",
                _ => $"{Path} ({where}): {Problem}",
            };
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Message;

    /// <summary>Describes a <see cref="JsonException"/> thrown while reading JSON.</summary>
    /// <param name="exception">The exception System.Text.Json (or a converter) threw.</param>
    /// <param name="type">The type that was being read, when known: it tells what each path expects (a number, one of
    /// an enumeration's names) and which properties an object has.</param>
    /// <param name="json">The whole JSON text, when known: it tells what was found at the path and gives the column in
    /// characters.</param>
    /// <param name="at">The path of the value the reader started at, when it read a part of a larger document (the
    /// exception's path is then relative to it); default <c>$</c>.</param>
    /// <returns>The error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static JsonReadError From(JsonException exception, JsonTypeInfo? type = null, string? json = null, string at = "$")
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentException.ThrowIfNullOrEmpty(at);
        var relative = exception.Path;
        var path = relative is null ? null : Rebase(at, relative);
        long? line = exception.LineNumber is { } l ? l + 1 : null;
        long? column = exception.BytePositionInLine is { } b ? b + 1 : null;
        if (json is not null && exception.LineNumber is { } zeroLine && exception.BytePositionInLine is { } bytes)
        {
            column = CharacterColumn(json, zeroLine, bytes) ?? column;
        }

        var message = Strip(exception.Message);
        var target = relative is null || type is null ? null : Resolve(type, relative);
        string problem;
        Match match;
        if ((match = UnmappedMember().Match(message)).Success)
        {
            var name = match.Groups["name"].Value;
            var parent = relative is null || type is null ? null : Resolve(type, Parent(relative));
            var known = parent is { Kind: JsonTypeInfoKind.Object } ? parent.Properties.Select(p => p.Name).ToList() : [];
            problem = known.Count > 0
                ? $"'{name}' is not a property here; expected {string.Join(", ", known.Select(k => $"'{k}'"))}"
                : $"'{name}' is not a property here";
        }
        else if ((match = MissingRequired().Match(message)).Success)
        {
            var names = Quoted().Matches(match.Groups["names"].Value).Select(m => $"'{m.Groups[1].Value}'").ToList();
            var of = ModelName(match.Groups["type"].Value);
            problem = (names.Count == 1 ? $"the required property {names[0]} is missing" : $"the required properties {string.Join(", ", names)} are missing")
                + (of is null ? string.Empty : $" (a {of} needs {(names.Count == 1 ? "it" : "them")})");
        }
        else if (NullNotAllowed().IsMatch(message))
        {
            problem = "null is not allowed here" + (target is null ? string.Empty : $"; expected {Words(target).Singular}");
        }
        else if ((match = UnknownDiscriminator().Match(message)).Success)
        {
            var known = target?.PolymorphismOptions?.DerivedTypes.Select(d => d.TypeDiscriminator?.ToString()).Where(d => d is not null).ToList() ?? [];
            problem = $"'{match.Groups["id"].Value}' is not a known type" + (known.Count > 0 ? $"; expected one of {string.Join(", ", known.Select(k => $"'{k}'"))}" : string.Empty);
        }
        else if (NotConverted().IsMatch(message) || UnsupportedFormat().IsMatch(message))
        {
            var expected = target is not null ? Words(target).Singular : WordsFromMessage(message);
            problem = expected is null ? "the value does not fit here" : $"expected {expected}";
        }
        else if ((match = MaxDepth().Match(message)).Success)
        {
            problem = $"the JSON is nested deeper than {match.Groups["depth"].Value} levels, the most it may be";
        }
        else if (message.StartsWith("Expected depth to be zero at the end of the JSON payload", StringComparison.Ordinal))
        {
            problem = "the JSON ends before an object or an array is closed";
        }
        else if (message.Contains("reached end of data", StringComparison.Ordinal))
        {
            problem = "the JSON ends too early: a value, an object or an array is not complete";
        }
        else if (message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            problem = "there is no JSON: the text is empty";
        }
        else if ((match = InvalidStart().Match(message)).Success)
        {
            problem = $"{match.Groups["c"].Value} cannot start a value; expected a string, a number, true, false, null, an object or an array";
        }
        else if (message.Contains("trailing comma", StringComparison.Ordinal))
        {
            problem = "a comma is followed by no value";
        }
        else if (LeaksDotNet(message))
        {
            problem = target is null ? "the value does not fit here" : $"expected {Words(target).Singular}";
        }
        else
        {
            problem = message.TrimEnd('.');
        }

        if (json is not null && path is not null && problem.StartsWith("expected ", StringComparison.Ordinal) && !problem.Contains("; found ", StringComparison.Ordinal) && Found(json, path) is { } found)
        {
            problem += "; found " + found;
        }

        return new JsonReadError(path, problem, line, column);
    }

    /// <summary>The plain words for what a value of <paramref name="type"/> looks like in JSON: <c>a number</c>,
    /// <c>an array of strings</c>, <c>one of 'internal', 'general'</c>.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The words.</returns>
    public static string Describe(JsonTypeInfo type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Words(type).Singular;
    }

    private static string Rebase(string at, string relative) =>
        at == "$" ? relative : at + (relative.Length > 1 ? relative[1..] : string.Empty);

    private static string Parent(string path)
    {
        var segments = Segments(path);
        if (segments.Count == 0)
        {
            return "$";
        }

        var builder = new StringBuilder("$");
        foreach (var segment in segments.Take(segments.Count - 1))
        {
            builder.Append(segment.Index is { } i ? string.Create(CultureInfo.InvariantCulture, $"[{i}]") : "." + segment.Name);
        }

        return builder.ToString();
    }

    private readonly record struct Segment(string? Name, int? Index);

    private static List<Segment> Segments(string path)
    {
        var segments = new List<Segment>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] != '.' && path[end] != '[')
                {
                    end++;
                }

                segments.Add(new Segment(path[(i + 1)..end], null));
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }

                segments.Add(new Segment(path[(i + 2)..end], null));
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                if (end < 0 || !int.TryParse(path.AsSpan((i + 1)..end), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    break;
                }

                segments.Add(new Segment(null, index));
                i = end + 1;
            }
            else
            {
                break;
            }
        }

        return segments;
    }

    /// <summary>The type expected at <paramref name="path"/> below <paramref name="root"/>, or null when it cannot be told.</summary>
    private static JsonTypeInfo? Resolve(JsonTypeInfo root, string path)
    {
        var info = root;
        try
        {
            foreach (var segment in Segments(path))
            {
                info = info.Kind switch
                {
                    JsonTypeInfoKind.Object when segment.Name is { } name =>
                        info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, info.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)) is { } property
                            ? info.Options.GetTypeInfo(property.PropertyType)
                            : null,
                    JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary when info.ElementType is { } element => info.Options.GetTypeInfo(element),
                    _ => null,
                };
                if (info is null)
                {
                    return null;
                }
            }
        }
        catch (NotSupportedException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        return info;
    }

    private static (string Singular, string Plural) Words(JsonTypeInfo info)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (Scalar(type) is { } scalar)
        {
            return scalar;
        }

        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable when info.ElementType is { } element:
                var inner = Words(info.Options.GetTypeInfo(element)).Plural;
                return ($"an array of {inner}", $"arrays of {inner}");
            case JsonTypeInfoKind.Dictionary:
            case JsonTypeInfoKind.Object:
                return ("an object", "objects");
            default:
                return ("a value of another form", "values of another form");
        }
    }

    private static (string Singular, string Plural)? Scalar(Type type)
    {
        if (type.IsEnum)
        {
            var names = string.Join(", ", EnumNames.All(type).Select(n => $"'{n}'"));
            return ($"one of {names}", $"names among {names}");
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => ("a string", "strings"),
            TypeCode.Char => ("a one-character string", "one-character strings"),
            TypeCode.Boolean => ("true or false", "true or false values"),
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64
                => ("a whole number", "whole numbers"),
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => ("a number", "numbers"),
            TypeCode.DateTime => ("a date and time such as \"2026-01-05T09:00:00Z\"", "dates and times"),
            _ when type == typeof(DateTimeOffset) => ("a date and time such as \"2026-01-05T09:00:00Z\"", "dates and times"),
            _ when type == typeof(DateOnly) => ("a date such as \"2026-01-05\"", "dates"),
            _ when type == typeof(TimeOnly) => ("a time of day such as \"09:30:00\"", "times of day"),
            _ when type == typeof(TimeSpan) => ("a duration such as \"7.00:00:00\" (d.hh:mm:ss)", "durations"),
            _ when type == typeof(Guid) => ("a GUID", "GUIDs"),
            _ when type == typeof(Uri) => ("a URI", "URIs"),
            _ => null,
        };
    }

    /// <summary>Plain words for the .NET type System.Text.Json names in "could not be converted to T", when no type information was given.</summary>
    private static string? WordsFromMessage(string message)
    {
        var match = NotConverted().Match(message);
        var name = match.Success ? match.Groups["type"].Value : string.Empty;
        var array = name.EndsWith("[]", StringComparison.Ordinal) || name.Contains("List`1", StringComparison.Ordinal) || name.Contains("Enumerable`1", StringComparison.Ordinal);
        var element = array ? name.Replace("[]", string.Empty, StringComparison.Ordinal) : name;
        var scalar = element switch
        {
            "System.String" => ("a string", "strings"),
            "System.Boolean" => ("true or false", "true or false values"),
            "System.Int32" or "System.Int64" or "System.Int16" or "System.Byte" or "System.UInt32" or "System.UInt64" => ("a whole number", "whole numbers"),
            "System.Double" or "System.Single" or "System.Decimal" => ("a number", "numbers"),
            "System.DateTimeOffset" or "System.DateTime" => ("a date and time such as \"2026-01-05T09:00:00Z\"", "dates and times"),
            "System.TimeSpan" => ("a duration such as \"7.00:00:00\" (d.hh:mm:ss)", "durations"),
            _ => ((string, string)?)null,
        };
        return scalar is { } s ? (array ? $"an array of {s.Item2}" : s.Item1) : array ? "an array" : null;
    }

    /// <summary>A model type's own name for messages, or null for the library's private transfer types and .NET types.</summary>
    private static string? ModelName(string fullName)
    {
        var name = fullName[(fullName.LastIndexOfAny(['.', '+']) + 1)..];
        return fullName.StartsWith("System.", StringComparison.Ordinal) || name.EndsWith("Dto", StringComparison.Ordinal) || name.Contains('`', StringComparison.Ordinal) ? null : name;
    }

    private static bool LeaksDotNet(string message) =>
        message.Contains("System.", StringComparison.Ordinal) || message.Contains(".NET", StringComparison.Ordinal)
        || message.Contains("Crowdsourcing.", StringComparison.Ordinal) || message.Contains("JsonSerializerOptions", StringComparison.Ordinal)
        || message.Contains("Dto", StringComparison.Ordinal);

    /// <summary>The message without System.Text.Json's "Path: … | LineNumber: … | BytePositionInLine: …" tail.</summary>
    private static string Strip(string message)
    {
        foreach (var tail in new[] { " Path: ", " LineNumber: ", "Path: $" })
        {
            var at = message.IndexOf(tail, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message[..at];
            }
        }

        return message.Trim();
    }

    /// <summary>What the document holds at <paramref name="path"/>, in words, or null when it cannot be told.</summary>
    private static string? Found(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var element = document.RootElement;
            foreach (var segment in Segments(path))
            {
                if (segment.Index is { } index && element.ValueKind == JsonValueKind.Array && index < element.GetArrayLength())
                {
                    element = element[index];
                }
                else if (segment.Name is { } name && element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child))
                {
                    element = child;
                }
                else
                {
                    return null;
                }
            }

            return element.ValueKind switch
            {
                JsonValueKind.String => "the string " + Short(element.GetRawText()),
                JsonValueKind.Number => "the number " + Short(element.GetRawText()),
                JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
                JsonValueKind.Null => "null",
                JsonValueKind.Object => "an object",
                JsonValueKind.Array => "an array",
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..37] + "...";

    /// <summary>The 1-based column in characters of byte <paramref name="bytes"/> of line <paramref name="zeroLine"/>.</summary>
    private static long? CharacterColumn(string json, long zeroLine, long bytes)
    {
        var start = 0;
        for (long l = 0; l < zeroLine; l++)
        {
            var next = json.IndexOf('\n', start);
            if (next < 0)
            {
                return null;
            }

            start = next + 1;
        }

        var end = json.IndexOf('\n', start);
        var line = end < 0 ? json[start..] : json[start..end];
        var encoded = Encoding.UTF8.GetBytes(line);
        return bytes > encoded.Length ? null : Encoding.UTF8.GetCharCount(encoded, 0, (int)bytes) + 1;
    }

    [GeneratedRegex("maximum configured depth of (?<depth>[0-9]+) has been exceeded", RegexOptions.CultureInvariant)]
    private static partial Regex MaxDepth();

    [GeneratedRegex("^The JSON property '(?<name>.*)' could not be mapped to any \\.NET member contained in type '(?<type>[^']*)'")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("^JSON deserialization for type '(?<type>[^']*)' was missing required properties(?: including)?: (?<names>.*)$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();

    [GeneratedRegex("doesn't allow (?:getting |setting )?null values|does not allow null values|cannot be null")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex("unrecognized type discriminator id '(?<id>[^']*)'")]
    private static partial Regex UnknownDiscriminator();

    [GeneratedRegex("^The JSON value could not be converted to (?<type>.+?)\\.?$")]
    private static partial Regex NotConverted();

    [GeneratedRegex("^The JSON value is not in a supported .* format")]
    private static partial Regex UnsupportedFormat();

    [GeneratedRegex("^(?<c>'.*') is an invalid start of a value")]
    private static partial Regex InvalidStart();
}

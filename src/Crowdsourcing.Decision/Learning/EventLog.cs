using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Crowdsourcing.Decision.Learning;

/// <summary>
/// Reads and writes campaign event logs: CSV with the header <c>participant,week,intervention,reportedState</c>, or
/// with a fifth column <c>reviewedState</c> (the analyst-reviewed state of a report; see
/// <see cref="CampaignEvent.ReviewedState"/>) (an empty field means none), or JSON lines with the same property names
/// (<c>null</c> or a missing property means none).
/// </summary>
public static class EventLog
{
    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "participant,week,intervention,reportedState";

    /// <summary>The CSV header of a log with analyst reviews.</summary>
    public const string CsvHeaderWithReviews = "participant,week,intervention,reportedState,reviewedState";

    /// <summary>Parses a log, CSV or JSON lines (detected from the first non-blank character: <c>{</c> means JSON lines).</summary>
    /// <param name="text">The log's text.</param>
    /// <returns>The rows, in order.</returns>
    /// <exception cref="EventLogException">A row is malformed; the message starts with its line number.</exception>
    public static IReadOnlyList<CampaignEvent> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.TrimStart();
        return first.StartsWith('{') ? ParseJsonLines(text) : ParseCsv(text);
    }

    /// <summary>Parses a CSV log. Fields may be quoted with double quotes.</summary>
    /// <param name="text">The CSV text, header first.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="EventLogException">The header is wrong or a row is malformed.</exception>
    public static IReadOnlyList<CampaignEvent> ParseCsv(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var result = new List<CampaignEvent>();
        var headerSeen = false;
        var columns = 4;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var number = i + 1;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = SplitCsv(line, number);
            if (!headerSeen)
            {
                var header = string.Join(",", fields.Select(f => f.Trim()));
                if (string.Equals(header, CsvHeaderWithReviews, StringComparison.OrdinalIgnoreCase))
                {
                    columns = 5;
                }
                else if (!string.Equals(header, CsvHeader, StringComparison.OrdinalIgnoreCase))
                {
                    throw new EventLogException(number, $"the header must be '{CsvHeader}' or '{CsvHeaderWithReviews}'; got '{line}'.");
                }

                headerSeen = true;
                continue;
            }

            if (fields.Count != columns)
            {
                throw new EventLogException(number, string.Create(CultureInfo.InvariantCulture, $"expected {columns} fields ({(columns == 5 ? CsvHeaderWithReviews : CsvHeader)}); got {fields.Count}."));
            }

            result.Add(Row(number, fields[0], fields[1], fields[2], fields[3], columns == 5 ? fields[4] : string.Empty));
        }

        if (!headerSeen)
        {
            throw new EventLogException(1, $"the log is empty; expected the header '{CsvHeader}'.");
        }

        return result;
    }

    /// <summary>Parses a JSON-lines log: one object per line with <c>participant</c>, <c>week</c>, <c>intervention</c>, <c>reportedState</c> and optionally <c>reviewedState</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="EventLogException">A line is not such an object.</exception>
    public static IReadOnlyList<CampaignEvent> ParseJsonLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var result = new List<CampaignEvent>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var number = i + 1;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new EventLogException(number, "expected a JSON object.");
                }

                string? participant = null, week = null, intervention = null, state = null, reviewed = null;
                foreach (var property in root.EnumerateObject())
                {
                    var value = property.Value;
                    var textValue = value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.String => value.GetString(),
                        JsonValueKind.Number => value.GetRawText(),
                        _ => throw new EventLogException(number, $"property '{property.Name}' must be a string, a number or null."),
                    };
                    switch (property.Name)
                    {
                        case "participant": participant = textValue; break;
                        case "week": week = textValue; break;
                        case "intervention": intervention = textValue; break;
                        case "reportedState": state = textValue; break;
                        case "reviewedState": reviewed = textValue; break;
                        default: throw new EventLogException(number, $"unknown property '{property.Name}'; expected participant, week, intervention, reportedState, reviewedState.");
                    }
                }

                result.Add(Row(number, participant ?? string.Empty, week ?? string.Empty, intervention ?? string.Empty, state ?? string.Empty, reviewed ?? string.Empty));
            }
            catch (JsonException ex)
            {
                var error = Crowdsourcing.Serialization.JsonReadError.From(ex, json: line);
                throw new EventLogException(number, string.Create(CultureInfo.InvariantCulture, $"invalid JSON{(error.Column is { } column ? $" at column {column}" : string.Empty)}: {error.Problem}."));
            }
        }

        return result;
    }

    /// <summary>Writes rows as CSV (header first); the <c>reviewedState</c> column only when some row has a review.</summary>
    /// <param name="events">The rows.</param>
    /// <returns>The CSV text.</returns>
    public static string ToCsv(IEnumerable<CampaignEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var rows = events as IReadOnlyCollection<CampaignEvent> ?? [.. events];
        var reviews = rows.Any(e => e.ReviewedState is not null);
        var text = new StringBuilder().Append(reviews ? CsvHeaderWithReviews : CsvHeader).Append('\n');
        foreach (var e in rows)
        {
            text.Append(Quote(e.Participant)).Append(',').Append(e.Week.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Quote(e.Intervention ?? string.Empty)).Append(',').Append(Quote(e.ReportedState ?? string.Empty));
            if (reviews)
            {
                text.Append(',').Append(Quote(e.ReviewedState ?? string.Empty));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string field) =>
        field.Contains(',', StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal) ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static CampaignEvent Row(int number, string participant, string week, string intervention, string state, string reviewed)
    {
        participant = participant.Trim();
        if (participant.Length == 0)
        {
            throw new EventLogException(number, "the participant is empty.");
        }

        if (!int.TryParse(week.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var w) || w < 0)
        {
            throw new EventLogException(number, $"week '{week}' is not a whole number ≥ 0.");
        }

        var k = intervention.Trim();
        var s = state.Trim();
        if (w == 0 && k.Length > 0)
        {
            throw new EventLogException(number, $"week 0 is the starting state; it has no cycle, so no intervention ('{k}').");
        }

        var r = reviewed.Trim();
        if (r.Length > 0 && s.Length == 0)
        {
            throw new EventLogException(number, $"the reviewed state '{r}' has no reported state to review.");
        }

        return new CampaignEvent(participant, w, k.Length == 0 ? null : k, s.Length == 0 ? null : s, number) { ReviewedState = r.Length == 0 ? null : r };
    }

    private static List<string> SplitCsv(string line, int number)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new EventLogException(number, "a quoted field is not closed.");
        }

        fields.Add(current.ToString());
        return fields;
    }
}

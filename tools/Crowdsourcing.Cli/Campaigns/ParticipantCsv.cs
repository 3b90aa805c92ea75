using System.Text;
using System.Text.Json;
using Crowdsourcing.Crowd;

namespace Crowdsourcing.Cli.Campaigns;

/// <summary>
/// Participants from CSV (RFC 4180: comma-separated, fields with commas or quotes in double quotes, a quote doubled;
/// one record per line). The first line is the header; the columns, in any order:
/// <c>id</c>, <c>displayName</c>, <c>layer</c> (internal, trusted-partners, prequalified, general) are required;
/// <c>email</c>, <c>qualifications</c> (separated by <c>;</c>), <c>managerId</c> and <c>colleagueIds</c> (separated
/// by <c>;</c>) are optional and may be empty. Every error names the file, the line and the column.
/// </summary>
internal static class ParticipantCsv
{
    public const string Header = "id,displayName,layer,email,qualifications,managerId,colleagueIds";

    private static readonly string[] Required = ["id", "displayName", "layer"];
    private static readonly string[] Optional = ["email", "qualifications", "managerId", "colleagueIds"];

    /// <summary>The layers by their names in the model's JSON (kebab-case).</summary>
    private static readonly Dictionary<string, CrowdLayer> Layers =
        Enum.GetValues<CrowdLayer>().ToDictionary(l => JsonNamingPolicy.KebabCaseLower.ConvertName(l.ToString()), StringComparer.Ordinal);

    /// <summary>The most participant rows one file may have: 1,000,000, the ceiling of the configurable limit
    /// <see cref="CliLimits.MaxParticipantRows"/> (see docs/limits.md).</summary>
    public const int MaxRows = 1_000_000;

    /// <summary>The longest line: 1 MiB of characters (every field then has the model's own limit).</summary>
    public const int MaxLineLength = 1024 * 1024;

    /// <summary>The CSV column of each participant field, as the model's errors name the field.</summary>
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        [nameof(Participant.Id)] = "id",
        [nameof(Participant.DisplayName)] = "displayName",
        [nameof(Participant.Layer)] = "layer",
        [nameof(Participant.Email)] = "email",
        [nameof(Participant.Qualifications)] = "qualifications",
        [nameof(Participant.ManagerId)] = "managerId",
        [nameof(Participant.ColleagueIds)] = "colleagueIds",
    };

    /// <summary>The participants of the file, each checked by the model.</summary>
    public static IReadOnlyList<Participant> Read(FileInfo file) => [.. ReadRows(file).Select(r => r.Participant)];

    /// <summary>The participants of the file with the line each is on, each checked by the model.</summary>
    public static IReadOnlyList<(Participant Participant, int Line)> ReadRows(FileInfo file)
    {
        var maxRows = CliLimits.MaxParticipantRows;
        var lines = CliPaths.ReadText(file, "the participants file").ReplaceLineEndings("\n").Split('\n');
        if (lines.Length > 0 && lines[^1].Length == 0)
        {
            lines = lines[..^1];
        }

        if (lines.Length > maxRows + 1)
        {
            throw new CliException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{file.Name}: {lines.Length - 1:N0} rows; a participants file may have at most {maxRows:N0} (split it into several imports)"));
        }

        var tooLong = Array.FindIndex(lines, l => l.Length > MaxLineLength);
        if (tooLong >= 0)
        {
            throw new CliException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{file.Name} line {tooLong + 1}: {lines[tooLong].Length:N0} characters; a line may have at most {MaxLineLength:N0}"));
        }

        var headerLine = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerLine < 0)
        {
            throw new CliException($"{file.Name}: the file is empty; the first line must be the header {Header}");
        }

        var header = Fields(file, lines[headerLine], headerLine + 1);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF');
            if (!Required.Contains(name, StringComparer.Ordinal) && !Optional.Contains(name, StringComparer.Ordinal))
            {
                throw new CliException($"{file.Name} line {headerLine + 1}: unknown column '{name}'; the columns are {Header}");
            }

            if (!columns.TryAdd(name, i))
            {
                throw new CliException($"{file.Name} line {headerLine + 1}: column '{name}' appears twice");
            }
        }

        foreach (var name in Required)
        {
            if (!columns.ContainsKey(name))
            {
                throw new CliException($"{file.Name} line {headerLine + 1}: the header has no '{name}' column; the columns are {Header}");
            }
        }

        var participants = new List<(Participant, int)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = headerLine + 1; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            if (lines[index].Trim().Length == 0)
            {
                continue;
            }

            var fields = Fields(file, lines[index], lineNumber);
            if (fields.Count != header.Count)
            {
                throw new CliException($"{file.Name} line {lineNumber}: {fields.Count} fields; the header has {header.Count}");
            }

            string? Get(string column) => columns.TryGetValue(column, out var at) && fields[at].Trim().Length > 0 ? fields[at].Trim() : null;
            string Need(string column) => Get(column) ?? throw new CliException($"{file.Name} line {lineNumber}: column '{column}' is empty; it is required");
            IReadOnlyList<string> List(string column) => Get(column)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

            var id = Need("id");
            if (seen.TryGetValue(id, out var first))
            {
                throw new CliException($"{file.Name} line {lineNumber}: participant '{id}' is already on line {first}");
            }

            seen[id] = lineNumber;
            var layerName = Need("layer");
            if (!Layers.TryGetValue(layerName, out var layer))
            {
                throw new CliException($"{file.Name} line {lineNumber}: column 'layer' is '{layerName}'; expected one of {string.Join(", ", Layers.Keys)}");
            }

            try
            {
                participants.Add((new Participant(id, Need("displayName"), layer, Get("email"), List("qualifications"), Get("managerId"), List("colleagueIds")), lineNumber));
            }
            catch (ValidationFailedException ex)
            {
                throw Refused(file, lineNumber, ex);
            }
        }

        return participants;
    }

    /// <summary>Checks each row with <paramref name="check"/> (the runtime's configured limits): the first refusal
    /// names the file, the line and the column, like the model's.</summary>
    public static void Check(FileInfo file, IReadOnlyList<(Participant Participant, int Line)> rows, Func<Participant, Participant> check)
    {
        foreach (var (participant, line) in rows)
        {
            try
            {
                check(participant);
            }
            catch (ValidationFailedException ex)
            {
                throw Refused(file, line, ex);
            }
        }
    }

    private static CliException Refused(FileInfo file, int lineNumber, ValidationFailedException ex)
    {
        var where = Columns.TryGetValue(ex.Path, out var column) ? $", column '{column}'" : string.Empty;
        return new CliException($"{file.Name} line {lineNumber}{where}: {CliApp.OneLine(ex.Message)}", ex);
    }

    /// <summary>The fields of one CSV line.</summary>
    internal static List<string> Fields(FileInfo file, string line, int lineNumber)
    {
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            return [.. line.Split(',')];
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                wasQuoted = false;
            }
            else if (c == '"' && field.ToString().Trim().Length == 0 && !wasQuoted)
            {
                field.Clear();
                quoted = true;
                wasQuoted = true;
            }
            else if (wasQuoted && !char.IsWhiteSpace(c))
            {
                throw new CliException($"{file.Name} line {lineNumber}: text after a closing quote in field {fields.Count + 1}");
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new CliException($"{file.Name} line {lineNumber}: a quoted field is not closed (fields cannot span lines)");
        }

        fields.Add(field.ToString());
        return fields;
    }
}

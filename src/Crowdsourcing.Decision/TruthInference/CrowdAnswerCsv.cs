using System.Globalization;
using System.Text;

namespace Crowdsourcing.Decision.TruthInference;

/// <summary>
/// Reads answers and gold labels from CSV (RFC 4180), crowd-kit's layout: a header line naming the columns, then one
/// record per line. Answers need the columns <c>task</c>, <c>worker</c> and <c>label</c>; gold labels <c>task</c> and
/// <c>label</c>; in any order, other columns are ignored. A field may be quoted with double quotes (then it may hold
/// commas, line breaks and doubled quotes); spaces around a field are dropped; blank lines are skipped. Every error
/// names the source, the line and the column: <c>answers.csv line 7, column 3 (label): the label is empty.</c>
/// </summary>
public static class CrowdAnswerCsv
{
    /// <summary>The columns of an answers file.</summary>
    public const string AnswersHeader = "task,worker,label";

    /// <summary>The columns of a gold file.</summary>
    public const string GoldHeader = "task,label";

    /// <summary>Parses answers.</summary>
    /// <param name="text">The CSV text, header first.</param>
    /// <param name="source">The name errors use for the text, for example the file's name.</param>
    /// <returns>The answers, each with its <see cref="CrowdAnswer.Line"/>.</returns>
    /// <exception cref="ValidationFailedException">The header lacks a column, a record has a syntax error or an empty or over-long field, or there are more than <see cref="TruthInferenceEngine.MaxAnswers"/> records.</exception>
    public static IReadOnlyList<CrowdAnswer> ParseAnswers(string text, string source = "answers")
    {
        var result = new List<CrowdAnswer>();
        Read(text, source, ["task", "worker", "label"], (line, v) => result.Add(new CrowdAnswer(v[0], v[1], v[2]) { Line = line }));
        return result;
    }

    /// <summary>Parses gold labels.</summary>
    /// <param name="text">The CSV text, header first.</param>
    /// <param name="source">The name errors use for the text.</param>
    /// <returns>The gold labels, each with its <see cref="GoldLabel.Line"/>.</returns>
    /// <exception cref="ValidationFailedException">As for <see cref="ParseAnswers"/>.</exception>
    public static IReadOnlyList<GoldLabel> ParseGold(string text, string source = "gold")
    {
        var result = new List<GoldLabel>();
        Read(text, source, ["task", "label"], (line, v) => result.Add(new GoldLabel(v[0], v[1]) { Line = line }));
        return result;
    }

    private static void Read(string text, string source, string[] required, Action<int, string[]> add)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var ci = CultureInfo.InvariantCulture;
        int[]? columnOf = null;
        var values = new string[required.Length];
        var records = 0;
        foreach (var (line, fields) in Records(text, source))
        {
            if (columnOf is null)
            {
                columnOf = Header(fields, line, source, required);
                continue;
            }

            if (++records > TruthInferenceEngine.MaxAnswers)
            {
                throw Fail(source, line, null, null, string.Create(ci, $"more than {TruthInferenceEngine.MaxAnswers:N0} records; that is the limit."));
            }

            for (var i = 0; i < required.Length; i++)
            {
                var at = columnOf[i];
                if (at >= fields.Count)
                {
                    throw Fail(source, line, null, null, string.Create(ci, $"{fields.Count} fields; the '{required[i]}' column is column {at + 1}."));
                }

                var problem = TruthInferenceEngine.CheckName(fields[at]);
                if (problem is not null)
                {
                    throw Fail(source, line, at + 1, required[i], $"the {required[i]} {problem}");
                }

                values[i] = fields[at];
            }

            add(line, values);
        }

        if (columnOf is null)
        {
            throw Fail(source, 1, null, null, $"the text is empty; the first line must be the header ({string.Join(",", required)}).");
        }
    }

    private static int[] Header(List<string> fields, int line, string source, string[] required)
    {
        var columnOf = new int[required.Length];
        Array.Fill(columnOf, -1);
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields[i].TrimStart('\uFEFF').Trim();
            var r = Array.IndexOf(required, name);
            if (r < 0)
            {
                continue;
            }

            if (columnOf[r] >= 0)
            {
                throw Fail(source, line, i + 1, name, $"column '{name}' appears twice in the header.");
            }

            columnOf[r] = i;
        }

        for (var r = 0; r < required.Length; r++)
        {
            if (columnOf[r] < 0)
            {
                throw Fail(source, line, null, null, $"the header has no '{required[r]}' column; the columns are {string.Join(",", required)} (got '{string.Join(",", fields)}').");
            }
        }

        return columnOf;
    }

    private static ValidationFailedException Fail(string source, int line, int? column, string? name, string message)
    {
        var where = column is null
            ? string.Create(CultureInfo.InvariantCulture, $"{source} line {line}")
            : string.Create(CultureInfo.InvariantCulture, $"{source} line {line}, column {column}{(name is null ? string.Empty : $" ({name})")}");
        return new ValidationFailedException(where, $"{where}: {message}");
    }

    /// <summary>The records of the text with the line each starts on; blank lines skipped.</summary>
    private static IEnumerable<(int Line, List<string> Fields)> Records(string text, string source)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var wasQuoted = false;
        var quoteLine = 0;
        var i = 0;
        while (i <= text.Length)
        {
            var end = i == text.Length;
            var c = end ? '\n' : text[i];
            if (quoted && !end)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                i++;
                continue;
            }

            if (quoted)
            {
                throw Fail(source, quoteLine, fields.Count + 1, null, "a quoted field is not closed.");
            }

            if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(wasQuoted ? field.ToString() : field.ToString().Trim());
                if (fields.Count > 1 || fields[0].Trim().Length > 0 || wasQuoted)
                {
                    yield return (recordLine, fields);
                    fields = [];
                }
                else
                {
                    fields.Clear();
                }

                field.Clear();
                wasQuoted = false;
                line++;
                recordLine = line;
                i++;
                continue;
            }

            if (c == ',')
            {
                fields.Add(wasQuoted ? field.ToString() : field.ToString().Trim());
                field.Clear();
                wasQuoted = false;
            }
            else if (c == '"' && !wasQuoted && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
                wasQuoted = true;
                quoteLine = line;
            }
            else if (wasQuoted)
            {
                if (!char.IsWhiteSpace(c))
                {
                    throw Fail(source, line, fields.Count + 1, null, "text after the closing quote of a quoted field.");
                }
            }
            else
            {
                field.Append(c);
            }

            i++;
        }
    }
}

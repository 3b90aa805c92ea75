using System.Text.Json;
using Crowdsourcing.Assignments;

namespace Crowdsourcing.Cli.Campaigns;

/// <summary>
/// A submission for <c>campaign record</c>, as JSON:
/// <c>{"assignment": "acme-alice", "participant": "alice", "subject": {"id": "acme", "name": "ACME Corp"},
/// "answers": {"w1-q1": "SAP", "w1-q2": null}}</c>. <c>assignment</c>, <c>participant</c> and <c>answers</c> (question id
/// to text, or null to clear) are required; <c>subject</c> is needed when the assignment does not exist yet (it is then
/// created for the participant); <c>campaign</c> is optional (default: <c>--campaign</c>, or the store's only campaign).
/// Errors name the JSON path.
/// </summary>
internal sealed record SubmissionFile(string? Campaign, string Assignment, string Participant, Subject? Subject, IReadOnlyList<AnswerInput> Answers)
{
    private static readonly string[] Known = ["campaign", "assignment", "participant", "subject", "answers"];

    public static SubmissionFile Read(FileInfo file)
    {
        var text = CliPaths.ReadText(file, "the submission file");
        var document = JsonFile.Parse(file, text);
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error(file, "$", "must be an object with assignment, participant and answers");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!Known.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw Error(file, "$." + property.Name, $"is not a submission property; expected {string.Join(", ", Known)}");
                }
            }

            var campaign = Text(file, root, "campaign", required: false);
            var assignment = Text(file, root, "assignment", required: true)!;
            var participant = Text(file, root, "participant", required: true)!;
            Subject? subject = null;
            if (root.TryGetProperty("subject", out var s) && s.ValueKind != JsonValueKind.Null)
            {
                if (s.ValueKind != JsonValueKind.Object)
                {
                    throw Error(file, "$.subject", "must be an object with id and name");
                }

                try
                {
                    subject = new Subject(Text(file, s, "id", true, "$.subject")!, Text(file, s, "name", true, "$.subject")!);
                }
                catch (ValidationFailedException ex)
                {
                    throw Error(file, "$.subject", CliApp.OneLine(ex.Message));
                }
            }

            if (!root.TryGetProperty("answers", out var answers) || answers.ValueKind != JsonValueKind.Object)
            {
                throw Error(file, "$.answers", "must be an object from question id to answer text (or null)");
            }

            var inputs = new List<AnswerInput>();
            foreach (var answer in answers.EnumerateObject())
            {
                var value = answer.Value.ValueKind switch
                {
                    JsonValueKind.String => answer.Value.GetString(),
                    JsonValueKind.Null => null,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => answer.Value.GetRawText(),
                    _ => throw Error(file, $"$.answers['{answer.Name}']", "must be text, a number, true, false or null"),
                };
                inputs.Add(new AnswerInput(answer.Name, value));
            }

            return new SubmissionFile(campaign, assignment, participant, subject, inputs);
        }
    }

    private static string? Text(FileInfo file, JsonElement element, string name, bool required, string at = "$")
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Error(file, $"{at}.{name}", "is missing") : null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw Error(file, $"{at}.{name}", "must be a non-empty string");
        }

        return value.GetString();
    }

    private static CliException Error(FileInfo file, string path, string problem) => new($"{file.Name}: {path} {problem}");
}

using System.Text.Json;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Cli.Campaigns;

/// <summary>
/// A campaign file for <c>campaign init</c>: one JSON object with <c>task</c> (a <see cref="CrowdTask"/>),
/// <c>questionnaire</c> (a <see cref="Questionnaire"/>) and <c>campaign</c> (a <see cref="Campaign"/>), each in the
/// model's JSON format (<see cref="CrowdsourcingJson"/>: camelCase names, kebab-case values), and optionally
/// <c>participants</c> (an array of <see cref="Participant"/>s). Errors name the JSON path from the file's root.
/// </summary>
internal sealed record CampaignFile(CrowdTask Task, Questionnaire Questionnaire, Campaign Campaign, IReadOnlyList<Participant> Participants)
{
    private static readonly string[] Known = ["task", "questionnaire", "campaign", "participants"];

    public static CampaignFile Read(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliException($"campaign file '{file.FullName}' does not exist");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file.FullName), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new CliException($"{file.Name}: invalid JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CliException($"{file.Name}: $ must be an object with task, questionnaire and campaign");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!Known.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw new CliException($"{file.Name}: $.{property.Name} is not a campaign file property; expected {string.Join(", ", Known)}");
                }
            }

            var task = Part<CrowdTask>(file, root, "task");
            var questionnaire = Part<Questionnaire>(file, root, "questionnaire");
            var campaign = Part<Campaign>(file, root, "campaign");
            var participants = root.TryGetProperty("participants", out _) ? Part<IReadOnlyList<Participant>>(file, root, "participants") : [];
            return new CampaignFile(task, questionnaire, campaign, participants);
        }
    }

    private static T Part<T>(FileInfo file, JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            throw new CliException($"{file.Name}: $.{name} is missing");
        }

        T value;
        try
        {
            value = CrowdsourcingJson.Deserialize<T>(element.GetRawText());
        }
        catch (JsonException ex)
        {
            // The reader's path is relative to the part; the message's own "Path: … | LineNumber: …" tail would mislead.
            var path = "$." + name + (ex.Path is { Length: > 1 } p ? p[1..] : string.Empty);
            var message = ex.Message;
            var tail = message.IndexOf(" Path: $", StringComparison.Ordinal);
            throw new CliException($"{file.Name}: {path}: {(tail > 0 ? message[..tail] : message)}", ex);
        }
        catch (ValidationFailedException ex)
        {
            throw new CliException($"{file.Name}: $.{name}: {ex.Message}", ex);
        }

        // The model's reader ignores properties it does not know; a misspelt optional field would vanish silently.
        using var written = JsonDocument.Parse(CrowdsourcingJson.Serialize(value));
        if (Unknown(element, written.RootElement, "$." + name) is { } unknown)
        {
            throw new CliException($"{file.Name}: {unknown} is not a property of the model's {typeof(T).Name.TrimStart('I').Replace("ReadOnlyList`1", "list", StringComparison.Ordinal)} JSON (names are camelCase)");
        }

        return value;
    }

    /// <summary>The path of the first property of <paramref name="input"/> that reading and writing it back dropped.</summary>
    private static string? Unknown(JsonElement input, JsonElement written, string path)
    {
        if (input.ValueKind == JsonValueKind.Object && written.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in input.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (!written.TryGetProperty(property.Name, out var back))
                {
                    return $"{path}.{property.Name}";
                }

                if (Unknown(property.Value, back, $"{path}.{property.Name}") is { } inner)
                {
                    return inner;
                }
            }
        }
        else if (input.ValueKind == JsonValueKind.Array && written.ValueKind == JsonValueKind.Array && input.GetArrayLength() == written.GetArrayLength())
        {
            var i = 0;
            foreach (var (a, b) in input.EnumerateArray().Zip(written.EnumerateArray()))
            {
                if (Unknown(a, b, $"{path}[{i++}]") is { } inner)
                {
                    return inner;
                }
            }
        }

        return null;
    }
}

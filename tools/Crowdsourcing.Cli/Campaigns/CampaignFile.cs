using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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
        var text = CliPaths.ReadText(file, "the campaign file");
        using var document = JsonFile.Parse(file, text);
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

        var utf8 = Encoding.UTF8.GetBytes(text);
        var task = Part<CrowdTask>(file, text, utf8, root, "task");
        var questionnaire = Part<Questionnaire>(file, text, utf8, root, "questionnaire");
        var campaign = Part<Campaign>(file, text, utf8, root, "campaign");
        var participants = root.TryGetProperty("participants", out _) ? Part<IReadOnlyList<Participant>>(file, text, utf8, root, "participants") : [];
        return new CampaignFile(task, questionnaire, campaign, participants);
    }

    private static T Part<T>(FileInfo file, string text, byte[] utf8, JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            throw new CliException($"{file.Name}: $.{name} is missing");
        }

        // Read the part where it stands in the file, so that errors give the file's own line and column.
        var type = (JsonTypeInfo<T>)CrowdsourcingJson.Options.GetTypeInfo(typeof(T));
        T? value;
        long start = 0;
        try
        {
            var reader = new Utf8JsonReader(utf8, JsonFile.ReaderOptions);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && !reader.ValueTextEquals(name))
            {
                reader.Read();
                reader.Skip();
            }

            reader.Read();
            start = reader.TokenStartIndex;
            value = JsonSerializer.Deserialize(ref reader, type);
        }
        catch (JsonException ex)
        {
            // The serializer counts lines from where the part starts; count them from the top of the file.
            var before = utf8.AsSpan(0, (int)start);
            var lines = before.Count((byte)'\n');
            var column = before.Length - (before.LastIndexOf((byte)'\n') + 1);
            var inFile = new JsonException(ex.Message, ex.Path, ex.LineNumber + lines, ex.LineNumber == 0 ? ex.BytePositionInLine + column : ex.BytePositionInLine, ex);
            throw new CliException($"{file.Name}: {JsonReadError.From(inFile, type, text, "$." + name).Message}", ex);
        }
        catch (ValidationFailedException ex)
        {
            throw new CliException($"{file.Name}: $.{name}: {ex.Message}", ex);
        }

        if (value is null)
        {
            throw new CliException($"{file.Name}: $.{name} is missing");
        }

        // The model's reader ignores properties it does not know; a misspelt optional field would vanish silently.
        using var written = JsonDocument.Parse(CrowdsourcingJson.Serialize(value));
        if (Unknown(element, written.RootElement, "$." + name) is { } unknown)
        {
            throw new CliException($"{file.Name}: {unknown} is not a property of {What<T>()} (names are camelCase)");
        }

        return value;
    }

    private static string What<T>() => typeof(T) == typeof(IReadOnlyList<Participant>) ? "a participant" : "the " + typeof(T).Name.Replace("CrowdTask", "task", StringComparison.Ordinal).ToLowerInvariant();

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

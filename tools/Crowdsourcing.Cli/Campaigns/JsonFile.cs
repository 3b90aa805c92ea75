using System.Text.Json;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Cli.Campaigns;

/// <summary>Parses the command line's JSON input files (campaign, submission): comments and trailing commas allowed;
/// malformed JSON is one line naming the file, the line and the column and what was wrong (<see cref="JsonReadError"/>).</summary>
internal static class JsonFile
{
    public static readonly JsonReaderOptions ReaderOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static JsonDocument Parse(FileInfo file, string text)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new CliException($"{file.Name}: not valid JSON: {JsonReadError.From(ex, json: text).Message}", ex);
        }
    }
}

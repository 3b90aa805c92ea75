using System.Text.Json.Serialization;

namespace Crowdsourcing.Decision.Json;

internal sealed class ModelDocumentDto
{
    public string? Name { get; set; }

    public string? RowNormalization { get; set; }

    [JsonRequired]
    public string?[]? States { get; set; }

    [JsonRequired]
    public string?[]? Actions { get; set; }

    [JsonRequired]
    public double[]?[]? Utility { get; set; }

    [JsonRequired]
    public double[]?[]? Transition { get; set; }

    [JsonRequired]
    public InterventionDto?[]? Interventions { get; set; }

    public ScenarioDto? Scenario { get; set; }
}

internal sealed class InterventionDto
{
    [JsonRequired]
    public string? Name { get; set; }

    [JsonRequired]
    public double[]?[]? Transition { get; set; }

    [JsonRequired]
    public double Cost { get; set; }

    [JsonRequired]
    [JsonConverter(typeof(ResponseRateConverter))]
    public ResponseRateDto? ResponseRate { get; set; }

    /// <summary>O(x, o), states × states, or absent when reports are the truth.</summary>
    public double[]?[]? ReportModel { get; set; }
}

/// <summary>A response rate as JSON: one number for every state, or an array with one rate per state.</summary>
internal sealed class ResponseRateDto
{
    public double Constant { get; init; }

    public double[]? PerState { get; init; }
}

internal sealed class ResponseRateConverter : JsonConverter<ResponseRateDto>
{
    public override ResponseRateDto Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        if (reader.TokenType == System.Text.Json.JsonTokenType.Number)
        {
            return new ResponseRateDto { Constant = reader.GetDouble() };
        }

        if (reader.TokenType != System.Text.Json.JsonTokenType.StartArray)
        {
            throw new System.Text.Json.JsonException("a response rate must be a number or an array of numbers (one per state).");
        }

        var rates = new List<double>();
        while (reader.Read() && reader.TokenType != System.Text.Json.JsonTokenType.EndArray)
        {
            if (reader.TokenType != System.Text.Json.JsonTokenType.Number)
            {
                throw new System.Text.Json.JsonException("a per-state response rate must be a number.");
            }

            rates.Add(reader.GetDouble());
        }

        return new ResponseRateDto { PerState = [.. rates] };
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, ResponseRateDto value, System.Text.Json.JsonSerializerOptions options)
    {
        if (value.PerState is { } rates)
        {
            writer.WriteStartArray();
            foreach (var r in rates)
            {
                writer.WriteNumberValue(r);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNumberValue(value.Constant);
        }
    }
}

internal sealed class ScenarioDto
{
    [JsonRequired]
    public int Participants { get; set; }

    [JsonRequired]
    public Dictionary<string, double>? InitialStates { get; set; }

    [JsonRequired]
    public int Weeks { get; set; }

    [JsonRequired]
    public double Threshold { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ModelDocumentDto))]
internal sealed partial class DecisionJsonContext : JsonSerializerContext;

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
    public double ResponseRate { get; set; }
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

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crowdsourcing.Roadmap.Json;

#pragma warning disable CA1812 // instantiated by the System.Text.Json source generator
#pragma warning disable CA2227 // DTO collections are set by the deserializer

internal sealed class InitiativeDto
{
    public string? Name { get; set; }
    public string? Goal { get; set; }
    public string? TaskKind { get; set; }
    public string? Sensitivity { get; set; }
    public string? ProblemDistance { get; set; }
    public NeedsDto? Needs { get; set; }
    public string? Market { get; set; }
    public string? Platform { get; set; }
    public ClusterDto? Cluster { get; set; }
    public BudgetDto? Budget { get; set; }
    public TimetableDto? Timetable { get; set; }
    public IpPolicyDto? IpPolicy { get; set; }
    public AppraisalInputDto? Appraisal { get; set; }
}

internal sealed class AppraisalInputDto
{
    public double? ValueOfAcceptableResult { get; set; }
    public double? ValueOfUnacceptableResult { get; set; }
    public double? CostWeight { get; set; }
    public double? WeekWeight { get; set; }
    public double? LeakageLoss { get; set; }
    public double? DoNotCrowdsourceUtility { get; set; }
    public List<EstimateDto?>? Estimates { get; set; }
}

internal sealed class EstimateDto
{
    public string? Configuration { get; set; }
    public double? ProbabilityAcceptable { get; set; }
    public double? Cost { get; set; }
    public double? TimeWeeks { get; set; }
    public double? LeakageRisk { get; set; }
}

internal sealed class NeedsDto
{
    public string? Insight { get; set; }
    public string? Capability { get; set; }
    public string? Expertise { get; set; }
    public string? Volume { get; set; }
}

internal sealed class ClusterDto
{
    public string? Level { get; set; }
    public string? Stage { get; set; }
}

internal sealed class BudgetDto
{
    public decimal? Amount { get; set; }
    public string? Currency { get; set; }
}

internal sealed class TimetableDto
{
    public int? DurationWeeks { get; set; }
    public List<MilestoneDto?>? Milestones { get; set; }
}

internal sealed class MilestoneDto
{
    public string? Name { get; set; }
    public int? Week { get; set; }
}

internal sealed class IpPolicyDto
{
    public bool? CommercialUse { get; set; }
    public bool? Derivatives { get; set; }
    public bool? ShareAlike { get; set; }
}

internal sealed class CatalogDto
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }
    public string? Description { get; set; }
    public List<StageDto?>? Stages { get; set; }
    public List<ChecklistDto?>? Checklist { get; set; }
    public List<RecommendationDto?>? Recommendations { get; set; }
    public List<RiskDto?>? Risks { get; set; }
    public List<ScoreDto?>? Scores { get; set; }
    public List<FlagRuleDto?>? Flags { get; set; }
    public List<string?>? Remove { get; set; }
}

/// <summary>A source, in a catalogue and in a plan: <c>{ "kind": "paper", "document", "section", "quote" }</c> or <c>{ "kind": "heuristic", "rationale" }</c>.</summary>
internal sealed class SourceDto
{
    public string? Kind { get; set; }
    public string? Document { get; set; }
    public string? Section { get; set; }
    public string? Quote { get; set; }
    public string? Rationale { get; set; }
}

internal sealed class FlagRuleDto
{
    public string? Id { get; set; }
    public List<string>? Paths { get; set; }
    public string? Text { get; set; }
    public List<SourceDto?>? Sources { get; set; }
    public JsonElement? When { get; set; }
}

internal sealed class StageDto
{
    public string? Stage { get; set; }
    public string? Name { get; set; }
    public string? Focus { get; set; }
    public List<SourceDto?>? Sources { get; set; }
}

internal sealed class ChecklistDto
{
    public string? Id { get; set; }
    public string? Stage { get; set; }
    public string? Text { get; set; }
    public bool? Required { get; set; }
    public JsonElement? When { get; set; }
    public JsonElement? RequiredWhen { get; set; }
    public List<SourceDto?>? Sources { get; set; }
}

internal sealed class RecommendationDto
{
    public string? Id { get; set; }
    public string? Stage { get; set; }
    public string? Text { get; set; }
    public string? Reason { get; set; }
    public List<SourceDto?>? Sources { get; set; }
    public JsonElement? When { get; set; }
}

internal sealed class RiskDto
{
    public string? Id { get; set; }
    public string? Stage { get; set; }
    public string? Area { get; set; }
    public string? Text { get; set; }
    public string? Mitigation { get; set; }
    public string? Reason { get; set; }
    public List<SourceDto?>? Sources { get; set; }
    public JsonElement? When { get; set; }
    public JsonElement? PriorityWhen { get; set; }
}

internal sealed class ScoreDto
{
    public string? Id { get; set; }
    public string? Choice { get; set; }
    public string? Option { get; set; }
    public int? Points { get; set; }
    public bool? Veto { get; set; }
    public string? Reason { get; set; }
    public List<SourceDto?>? Sources { get; set; }
    public JsonElement? When { get; set; }
}

internal sealed class PlanDto
{
    public string Initiative { get; set; } = "";
    public List<FlagOutDto> Flags { get; set; } = [];
    public List<TieDto> Ties { get; set; } = [];
    public List<StagePlanDto> Stages { get; set; } = [];
    public CrowdDto Crowd { get; set; } = new();
    public MotivationDto Motivation { get; set; } = new();
    public SectionDto CrossCutting { get; set; } = new();
    public IpPolicyPlanDto? IpPolicy { get; set; }
    public AppraisalDto? Appraisal { get; set; }
}

internal sealed class TieDto
{
    public string Choice { get; set; } = "";
    public List<string> Options { get; set; } = [];
    public int Score { get; set; }
    public string SettledBy { get; set; } = "";
    public List<TieBreakerDto> Breakers { get; set; } = [];
}

internal sealed class TieBreakerDto
{
    public string Field { get; set; } = "";
    public string Value { get; set; } = "";
    public string Favours { get; set; } = "";
}

internal sealed class FlagOutDto
{
    public string Id { get; set; } = "";
    public List<string> Paths { get; set; } = [];
    public string Text { get; set; } = "";
    public List<SourceDto> Sources { get; set; } = [];
}

internal sealed class StagePlanDto
{
    public int Number { get; set; }
    public string Stage { get; set; } = "";
    public string Name { get; set; } = "";
    public string Focus { get; set; } = "";
    public List<SourceDto> FocusSources { get; set; } = [];
    public bool Complete { get; set; }
    public List<ChecklistItemDto> Checklist { get; set; } = [];
    public List<RecommendationOutDto> Recommendations { get; set; } = [];
    public List<RiskOutDto> Risks { get; set; } = [];
}

internal sealed class ChecklistItemDto
{
    public string Id { get; set; } = "";
    public string Text { get; set; } = "";
    public bool Required { get; set; }
    public string Status { get; set; } = "";
    public List<SourceDto> Sources { get; set; } = [];
}

internal sealed class RecommendationOutDto
{
    public string Id { get; set; } = "";
    public string Text { get; set; } = "";
    public string Reason { get; set; } = "";
    public List<SourceDto> Sources { get; set; } = [];
}

internal sealed class RiskOutDto
{
    public string Id { get; set; } = "";
    public string? Area { get; set; }
    public string Text { get; set; } = "";
    public string Mitigation { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Priority { get; set; } = "";
    public List<SourceDto> Sources { get; set; } = [];
}

internal sealed class SectionDto
{
    public List<RecommendationOutDto> Recommendations { get; set; } = [];
    public List<RiskOutDto> Risks { get; set; } = [];
}

internal sealed class CrowdDto
{
    public List<LayerOutDto> Layers { get; set; } = [];
    public string Approach { get; set; } = "";
    public string Configuration { get; set; } = "";
    public List<string> Used { get; set; } = [];
    public string Reason { get; set; } = "";
    public List<SourceDto> Sources { get; set; } = [];
    public List<ConfigurationOutDto> Configurations { get; set; } = [];
}

internal sealed class LayerOutDto
{
    public string Layer { get; set; } = "";
    public int Score { get; set; }
    public bool Excluded { get; set; }
    public string Reason { get; set; } = "";
    public List<SourceDto> Sources { get; set; } = [];
}

internal sealed class ConfigurationOutDto
{
    public string Configuration { get; set; } = "";
    public string Status { get; set; } = "";
    public int Score { get; set; }
    public bool Excluded { get; set; }
    public string Reason { get; set; } = "";
    public List<SourceDto> Sources { get; set; } = [];
}

internal sealed class MotivationDto
{
    public string Type { get; set; } = "";
    public int Score { get; set; }
    public string Reason { get; set; } = "";
    public List<SourceDto> Sources { get; set; } = [];
}

internal sealed class IpPolicyPlanDto
{
    public string Licence { get; set; } = "";
    public string Url { get; set; } = "";
    public bool CommercialUse { get; set; }
    public bool Derivatives { get; set; }
    public bool ShareAlike { get; set; }
    public string Reason { get; set; } = "";
    public List<SourceDto> Sources { get; set; } = [];
}

internal sealed class AppraisalDto
{
    public bool Crowdsource { get; set; }
    public string? Recommended { get; set; }
    public double DoNotCrowdsourceUtility { get; set; }
    public List<AppraisalOptionDto> Options { get; set; } = [];
    public string Reason { get; set; } = "";
    public List<SourceDto> Sources { get; set; } = [];
}

internal sealed class AppraisalOptionDto
{
    public string Configuration { get; set; } = "";
    public double ExpectedUtility { get; set; }
    public double MaximumExpectedUtility { get; set; }
    public double ValueOfPerfectInformation { get; set; }
    public bool ExcludedByRules { get; set; }
    public double ProbabilityAcceptable { get; set; }
    public double Cost { get; set; }
    public double TimeWeeks { get; set; }
    public double LeakageRisk { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true,
    NewLine = "\n",
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InitiativeDto))]
[JsonSerializable(typeof(CatalogDto))]
[JsonSerializable(typeof(PlanDto))]
internal sealed partial class RoadmapJsonContext : JsonSerializerContext
{
    /// <summary>For writing files and console output: readable non-ASCII text (§, –, +) instead of \u escapes. Not for embedding in HTML.</summary>
    public static RoadmapJsonContext Readable => ReadableHolder.Instance;

    private static class ReadableHolder
    {
        public static readonly RoadmapJsonContext Instance =
            new(new JsonSerializerOptions(Default.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}

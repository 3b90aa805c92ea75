using System.Text.Json;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Roadmap.Json;

/// <summary>
/// Writes a plan as JSON: <c>stages</c> (each with <c>name</c>, <c>focus</c>, <c>checklist</c> with statuses,
/// <c>recommendations</c> with <c>id</c>, <c>text</c>, <c>reason</c>, <c>sources</c>, and <c>risks</c>), <c>crowd</c>
/// (<c>layers</c> ranked best first with <c>layer</c>, <c>score</c>, <c>reason</c>; <c>approach</c>, <c>configuration</c>,
/// <c>used</c>, <c>configurations</c>), <c>motivation</c>, <c>crossCutting</c>, <c>ties</c>, <c>flags</c> and, when the spec
/// sets them, <c>ipPolicy</c> and <c>appraisal</c> (expected utility per candidate configuration). Every source is an object:
/// <c>{ "kind": "paper", "document", "section", "quote" }</c> or <c>{ "kind": "heuristic", "rationale" }</c>. Values are
/// kebab-case, as in the initiative spec.
/// </summary>
public static class RoadmapJson
{
    /// <summary>The plan as indented JSON (LF line ends), reflecting the progress recorded so far.</summary>
    /// <param name="plan">The plan.</param>
    /// <returns>The JSON text.</returns>
    public static string Write(RoadmapPlan plan) => JsonSerializer.Serialize(ToDto(plan), RoadmapJsonContext.Readable.PlanDto);

    /// <summary>Writes the plan as UTF-8 JSON to a stream the caller owns.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="utf8Json">The stream.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the plan is written.</returns>
    public static Task WriteAsync(RoadmapPlan plan, Stream utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        return JsonSerializer.SerializeAsync(utf8Json, ToDto(plan), RoadmapJsonContext.Readable.PlanDto, cancellationToken);
    }

    private static PlanDto ToDto(RoadmapPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new PlanDto
        {
            Initiative = plan.Initiative.Name,
            Stages = [.. plan.Stages.Select(s => new StagePlanDto
            {
                Number = s.Number,
                Stage = EnumNames.Of(s.Stage),
                Name = s.Name,
                Focus = s.Focus,
                FocusSources = Sources(s.FocusSources),
                Complete = plan.IsStageComplete(s.Stage),
                Checklist = [.. s.Checklist.Select(i => new ChecklistItemDto
                {
                    Id = i.Id,
                    Text = i.Text,
                    Required = i.Required,
                    Status = EnumNames.Of(plan.StatusOf(i.Id)),
                    Sources = Sources(i.Sources),
                })],
                Recommendations = [.. s.Recommendations.Select(Rec)],
                Risks = [.. s.Risks.Select(RiskDto)],
            })],
            Crowd = new CrowdDto
            {
                Layers = [.. plan.Crowd.Layers.Select(l => new LayerOutDto
                {
                    Layer = EnumNames.Of(l.Option),
                    Score = l.Score,
                    Excluded = l.Excluded,
                    Reason = l.Reason,
                    Sources = Sources(l.Sources),
                })],
                Approach = EnumNames.Of(plan.Crowd.Approach),
                Configuration = EnumNames.Of(plan.Crowd.Configuration),
                Used = [.. plan.Crowd.Used.Select(EnumNames.Of)],
                Reason = plan.Crowd.Reason,
                Sources = Sources(plan.Crowd.Sources),
                Configurations = [.. plan.Crowd.Configurations.Select(c => new ConfigurationOutDto
                {
                    Configuration = EnumNames.Of(c.Option),
                    Status = plan.Crowd.Uses(c.Option) ? "used" : c.Excluded ? "excluded" : "not-used",
                    Score = c.Score,
                    Excluded = c.Excluded,
                    Reason = c.Reason,
                    Sources = Sources(c.Sources),
                })],
            },
            Motivation = new MotivationDto
            {
                Type = EnumNames.Of(plan.Motivation.Option),
                Score = plan.Motivation.Score,
                Reason = plan.Motivation.Reason,
                Sources = Sources(plan.Motivation.Sources),
            },
            CrossCutting = new SectionDto
            {
                Recommendations = [.. plan.CrossCutting.Recommendations.Select(Rec)],
                Risks = [.. plan.CrossCutting.Risks.Select(RiskDto)],
            },
            IpPolicy = plan.IpPolicy is { } ip
                ? new IpPolicyPlanDto
                {
                    Licence = ip.Licence.Code,
                    Url = ip.Licence.Url.ToString(),
                    CommercialUse = ip.Conditions.CommercialUse,
                    Derivatives = ip.Conditions.Derivatives,
                    ShareAlike = ip.Conditions.ShareAlike,
                    Reason = ip.Reason,
                    Sources = Sources(ip.Sources),
                }
                : null,
            Appraisal = plan.Appraisal is { } a
                ? new AppraisalDto
                {
                    Crowdsource = a.Crowdsource,
                    Recommended = a.Recommended is { } r ? EnumNames.Of(r) : null,
                    DoNotCrowdsourceUtility = a.DoNotCrowdsourceUtility,
                    Options = [.. a.Options.Select(o => new AppraisalOptionDto
                    {
                        Configuration = EnumNames.Of(o.Configuration),
                        ExpectedUtility = Math.Round(o.ExpectedUtility, 6),
                        MaximumExpectedUtility = Math.Round(o.MaximumExpectedUtility, 6),
                        ValueOfPerfectInformation = Math.Round(o.ValueOfPerfectInformation, 6),
                        ExcludedByRules = o.ExcludedByRules,
                        ProbabilityAcceptable = o.Estimate.ProbabilityAcceptable,
                        Cost = o.Estimate.Cost,
                        TimeWeeks = o.Estimate.TimeWeeks,
                        LeakageRisk = o.Estimate.LeakageRisk,
                    })],
                    Reason = a.Reason,
                    Sources = Sources(a.Sources),
                }
                : null,
            Ties = [.. plan.Ties.Select(t => new TieDto
            {
                Choice = EnumNames.Of(t.Choice),
                Options = [.. t.Options],
                Score = t.Score,
                SettledBy = t.SettledBy,
                Breakers = [.. t.Breakers.Select(b => new TieBreakerDto { Field = b.Field, Value = b.Value, Favours = b.Favours })],
            })],
            Flags = [.. plan.Flags.Select(f => new FlagOutDto { Id = f.Id, Paths = [.. f.Paths], Text = f.Text, Sources = Sources(f.Sources) })],
        };
    }

    internal static List<SourceDto> Sources(IEnumerable<RuleSource> sources) => [.. sources.Select(Source)];

    internal static SourceDto Source(RuleSource source) => source switch
    {
        PaperPassage p => new SourceDto { Kind = p.Kind, Document = p.Document, Section = p.Section, Quote = p.Quote },
        PlannerHeuristic h => new SourceDto { Kind = h.Kind, Rationale = h.Rationale },
        _ => throw new ArgumentException($"Unknown source type {source.GetType().Name}.", nameof(source)),
    };

    private static RecommendationOutDto Rec(Recommendation r)
        => new() { Id = r.Id, Text = r.Text, Reason = r.Reason, Sources = Sources(r.Sources) };

    private static RiskOutDto RiskDto(Risk r)
        => new() { Id = r.Id, Area = r.Area, Text = r.Text, Mitigation = r.Mitigation, Reason = r.Reason, Priority = EnumNames.Of(r.Priority), Sources = Sources(r.Sources) };
}

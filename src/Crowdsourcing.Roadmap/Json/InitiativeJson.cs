using System.Text.Json;
using Crowdsourcing.Crowd;
using Crowdsourcing.Roadmap.Appraisal;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Roadmap.Json;

/// <summary>
/// Reads and writes initiative specs as JSON: camelCase property names, kebab-case enumeration values (format:
/// <c>docs/roadmap.md</c>). Unknown properties are errors, so a misspelt field is reported rather than ignored.
/// </summary>
public static class InitiativeJson
{
    /// <summary>Reads an initiative from JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The validated initiative.</returns>
    /// <exception cref="InitiativeSpecException">The JSON is malformed, or a field is missing, invalid or contradicts another; the message names the JSON path(s) and, for malformed JSON, the line and column and what was expected there (<see cref="JsonReadError"/>).</exception>
    public static Initiative Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        InitiativeDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, RoadmapJsonContext.Default.InitiativeDto);
        }
        catch (JsonException ex)
        {
            var error = JsonReadError.From(ex, RoadmapJsonContext.Default.InitiativeDto, json);
            throw new InitiativeSpecException($"Invalid initiative spec at {error.Message}", [error.Path ?? "$"], ex)
            {
                LineNumber = ex.LineNumber + 1,
                BytePositionInLine = ex.BytePositionInLine + 1,
            };
        }

        return dto is null ? throw new InitiativeSpecException("The initiative spec is null; expected an object.", ["$"]) : FromDto(dto);
    }

    /// <summary>Reads an initiative from a UTF-8 JSON stream the caller owns.</summary>
    /// <param name="utf8Json">The stream.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The validated initiative.</returns>
    /// <exception cref="InitiativeSpecException">See <see cref="Parse"/>.</exception>
    public static async ValueTask<Initiative> ReadAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var reader = new StreamReader(utf8Json, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return Parse(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Writes an initiative as indented JSON (the same format <see cref="Parse"/> reads).</summary>
    /// <param name="initiative">The initiative.</param>
    /// <returns>The JSON text.</returns>
    public static string Write(Initiative initiative)
    {
        ArgumentNullException.ThrowIfNull(initiative);
        var dto = new InitiativeDto
        {
            Name = initiative.Name,
            Goal = EnumNames.Of(initiative.Goal),
            TaskKind = EnumNames.Of(initiative.TaskKind),
            Sensitivity = EnumNames.Of(initiative.Sensitivity),
            ProblemDistance = EnumNames.Of(initiative.ProblemDistance),
            Needs = new NeedsDto
            {
                Insight = EnumNames.Of(initiative.Needs.Insight),
                Capability = EnumNames.Of(initiative.Needs.Capability),
                Expertise = EnumNames.Of(initiative.Needs.Expertise),
                Volume = EnumNames.Of(initiative.Needs.Volume),
            },
            Market = EnumNames.Of(initiative.Market),
            Platform = EnumNames.Of(initiative.Platform),
            Cluster = initiative.Cluster is { } c ? new ClusterDto { Level = EnumNames.Of(c.Level), Stage = EnumNames.Of(c.Stage) } : null,
            Budget = initiative.Budget is { } b ? new BudgetDto { Amount = b.Amount, Currency = b.Currency } : null,
            Timetable = initiative.Timetable is { } t
                ? new TimetableDto { DurationWeeks = t.DurationWeeks, Milestones = [.. t.Milestones.Select(m => new MilestoneDto { Name = m.Name, Week = m.Week })] }
                : null,
            IpPolicy = initiative.IpPolicy is { } ip
                ? new IpPolicyDto { CommercialUse = ip.CommercialUse, Derivatives = ip.Derivatives, ShareAlike = ip.ShareAlike }
                : null,
            Appraisal = initiative.Appraisal is { } a
                ? new AppraisalInputDto
                {
                    ValueOfAcceptableResult = a.Weights.ValueOfAcceptableResult,
                    ValueOfUnacceptableResult = a.Weights.ValueOfUnacceptableResult,
                    CostWeight = a.Weights.CostWeight,
                    WeekWeight = a.Weights.WeekWeight,
                    LeakageLoss = a.Weights.LeakageLoss,
                    DoNotCrowdsourceUtility = a.Weights.DoNotCrowdsourceUtility,
                    Estimates = [.. a.Estimates.Select(e => new EstimateDto
                    {
                        Configuration = EnumNames.Of(e.Configuration),
                        ProbabilityAcceptable = e.ProbabilityAcceptable,
                        Cost = e.Cost,
                        TimeWeeks = e.TimeWeeks,
                        LeakageRisk = e.LeakageRisk,
                    })],
                }
                : null,
        };
        return JsonSerializer.Serialize(dto, RoadmapJsonContext.Readable.InitiativeDto);
    }

    private static Initiative FromDto(InitiativeDto d)
    {
        var name = string.IsNullOrWhiteSpace(d.Name) ? throw InitiativeSpecException.Missing("$.name") : d.Name;
        var goal = Enum<InitiativeGoal>(d.Goal, "$.goal");
        var taskKind = Enum<TaskKind>(d.TaskKind, "$.taskKind");
        var sensitivity = Enum<Confidentiality>(d.Sensitivity, "$.sensitivity");
        var distance = Enum<ProblemDistance>(d.ProblemDistance, "$.problemDistance");
        var n = d.Needs ?? throw InitiativeSpecException.Missing("$.needs");
        var needs = new InitiativeNeeds(
            Enum<Magnitude>(n.Insight, "$.needs.insight"),
            Enum<Magnitude>(n.Capability, "$.needs.capability"),
            Enum<Magnitude>(n.Expertise, "$.needs.expertise"),
            Enum<Magnitude>(n.Volume, "$.needs.volume"));
        var market = Enum<Market>(d.Market, "$.market");
        var platform = Enum<PlatformPreference>(d.Platform, "$.platform");
        var cluster = d.Cluster is { } c
            ? new ClusterContext(Enum<ClusterLevel>(c.Level, "$.cluster.level"), Enum<ClusterStage>(c.Stage, "$.cluster.stage"))
            : null;
        var budget = d.Budget is { } b
            ? new Budget(b.Amount ?? throw InitiativeSpecException.Missing("$.budget.amount"), b.Currency ?? throw InitiativeSpecException.Missing("$.budget.currency"))
            : null;
        InitiativeTimetable? timetable = null;
        if (d.Timetable is { } t)
        {
            var milestones = new List<InitiativeMilestone>();
            for (var i = 0; i < (t.Milestones?.Count ?? 0); i++)
            {
                var p = $"$.timetable.milestones[{i}]";
                var m = t.Milestones![i] ?? throw InitiativeSpecException.Missing(p);
                var mName = string.IsNullOrWhiteSpace(m.Name) ? throw InitiativeSpecException.Missing($"{p}.name") : m.Name;
                var week = m.Week ?? throw InitiativeSpecException.Missing($"{p}.week");
                if (week < 1)
                {
                    throw InitiativeSpecException.Invalid($"{p}.week", $"{week} is less than 1 for milestone '{mName}'.");
                }

                milestones.Add(new InitiativeMilestone(mName, week));
            }

            timetable = new InitiativeTimetable(t.DurationWeeks ?? throw InitiativeSpecException.Missing("$.timetable.durationWeeks"), milestones);
        }

        var ip = d.IpPolicy is { } x
            ? new IpConditions(
                x.CommercialUse ?? throw InitiativeSpecException.Missing("$.ipPolicy.commercialUse"),
                x.Derivatives ?? throw InitiativeSpecException.Missing("$.ipPolicy.derivatives"),
                x.ShareAlike ?? throw InitiativeSpecException.Missing("$.ipPolicy.shareAlike"))
            : null;

        return new Initiative(name, goal, taskKind, sensitivity, distance, needs, market, platform, cluster, budget, timetable, ip, Appraisal(d.Appraisal));
    }

    private static AppraisalInput? Appraisal(AppraisalInputDto? a)
    {
        if (a is null)
        {
            return null;
        }

        var weights = new AppraisalWeights(
            a.ValueOfAcceptableResult ?? throw InitiativeSpecException.Missing("$.appraisal.valueOfAcceptableResult"),
            a.LeakageLoss ?? throw InitiativeSpecException.Missing("$.appraisal.leakageLoss"),
            a.ValueOfUnacceptableResult ?? 0,
            a.CostWeight ?? 1,
            a.WeekWeight ?? 0,
            a.DoNotCrowdsourceUtility ?? 0);
        if (a.Estimates is null || a.Estimates.Count == 0)
        {
            throw InitiativeSpecException.Missing("$.appraisal.estimates");
        }

        var estimates = new List<ConfigurationEstimate>();
        for (var i = 0; i < a.Estimates.Count; i++)
        {
            var p = $"$.appraisal.estimates[{i}]";
            var e = a.Estimates[i] ?? throw InitiativeSpecException.Missing(p);
            var configuration = Enum<CrowdConfiguration>(e.Configuration, $"{p}.configuration");
            estimates.Add(new ConfigurationEstimate(
                configuration,
                Check.Probability(e.ProbabilityAcceptable ?? throw InitiativeSpecException.Missing($"{p}.probabilityAcceptable"), $"{p}.probabilityAcceptable"),
                Check.NonNegative(e.Cost ?? throw InitiativeSpecException.Missing($"{p}.cost"), $"{p}.cost"),
                Check.NonNegative(e.TimeWeeks ?? throw InitiativeSpecException.Missing($"{p}.timeWeeks"), $"{p}.timeWeeks"),
                Check.Probability(e.LeakageRisk ?? throw InitiativeSpecException.Missing($"{p}.leakageRisk"), $"{p}.leakageRisk")));
        }

        return new AppraisalInput(weights, estimates);
    }

    private static TEnum Enum<TEnum>(string? value, string path) where TEnum : struct, Enum
    {
        if (value is null)
        {
            throw InitiativeSpecException.Missing(path);
        }

        return EnumNames.TryParse<TEnum>(value, out var parsed)
            ? parsed
            : throw InitiativeSpecException.Invalid(path, $"'{value}' is not one of {string.Join(", ", EnumNames.All<TEnum>())}.");
    }
}

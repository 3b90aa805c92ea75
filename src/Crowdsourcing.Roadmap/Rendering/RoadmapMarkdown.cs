using System.Globalization;
using System.Text;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Serialization;

namespace Crowdsourcing.Roadmap.Rendering;

/// <summary>Renders a plan as readable Markdown (LF line ends), reflecting the progress recorded so far.</summary>
public static class RoadmapMarkdown
{
    /// <summary>Renders the plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <returns>The Markdown text.</returns>
    public static string Render(RoadmapPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var md = new Md();
        var i = plan.Initiative;
        md.Line($"# Crowdsourcing roadmap: {i.Name}");
        md.Blank();
        md.Line($"Goal **{EnumNames.Of(i.Goal)}**, task kind **{EnumNames.Of(i.TaskKind)}**, sensitivity **{EnumNames.Of(i.Sensitivity)}**, "
            + $"problem distance **{EnumNames.Of(i.ProblemDistance)}**, market **{EnumNames.Of(i.Market)}**, platform **{EnumNames.Of(i.Platform)}**.");
        md.Line($"Needs: insight {EnumNames.Of(i.Needs.Insight)}, capability {EnumNames.Of(i.Needs.Capability)}, "
            + $"expertise {EnumNames.Of(i.Needs.Expertise)}, volume {EnumNames.Of(i.Needs.Volume)}.");
        if (i.Cluster is { } c)
        {
            md.Line($"Creative cluster: {EnumNames.Of(c.Level)} level, {EnumNames.Of(c.Stage)} stage.");
        }

        if (i.Budget is { } b)
        {
            md.Line($"Budget: {b}.");
        }

        if (i.Timetable is { } t)
        {
            md.Line($"Timetable: {t.DurationWeeks} weeks"
                + (t.Milestones.Count == 0 ? "." : "; milestones: " + string.Join(", ", t.Milestones.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Name} (week {m.Week})"))) + "."));
        }

        md.Blank();
        md.Line("## Summary");
        md.Blank();
        md.Line($"- Configuration: **{EnumNames.Of(plan.Crowd.Configuration)}** ({Approach(plan.Crowd)})");
        md.Line($"- Crowd layers, best first: {string.Join(" > ", plan.Crowd.Layers.Select(l => string.Create(CultureInfo.InvariantCulture, $"{EnumNames.Of(l.Option)} ({l.Score}{(l.Excluded ? ", excluded" : "")})")))}");
        md.Line($"- Motivation to aim at: **{EnumNames.Of(plan.Motivation.Option)}**");
        if (plan.IpPolicy is { } ipSummary)
        {
            md.Line($"- Licence for contributions: **{ipSummary.Licence.Code}**");
        }

        if (plan.Appraisal is { } appraisalSummary)
        {
            md.Line($"- Crowdsource this step? **{(appraisalSummary.Crowdsource ? "yes, " + EnumNames.Of(appraisalSummary.Recommended!.Value) : "no")}** (expected utility)");
        }

        md.Line($"- Ties: {(plan.Ties.Count == 0 ? "none" : string.Join("; ", plan.Ties.Select(t => $"{EnumNames.Of(t.Choice)} {string.Join(" = ", t.Options)}")))}");
        md.Line($"- Flags: {(plan.Flags.Count == 0 ? "none" : string.Join(", ", plan.Flags.Select(f => $"`{f.Id}`")))}");
        md.Line($"- Progress: {(plan.CurrentStage is { } cur ? $"stage {(int)cur + 1} '{plan[cur].Name}' in progress" : "all stages complete")}");
        md.Blank();
        TiesAndFlags(md, plan);

        foreach (var stage in plan.Stages)
        {
            md.Line($"## {stage.Number}. {stage.Name}{(plan.IsStageComplete(stage.Stage) ? " (complete)" : "")}");
            md.Blank();
            md.Line($"Focus: {stage.Focus} _({Sources(stage.FocusSources)})_");
            md.Blank();

            if (stage.Stage == RoadmapStage.SelectTheCrowd)
            {
                CrowdTables(md, plan);
            }

            if (stage.Stage == RoadmapStage.MotivateTheCrowd)
            {
                md.Line("| Motivation | Score | Reason |");
                md.Line("|---|---:|---|");
                foreach (var m in plan.Motivations)
                {
                    md.Line(string.Create(CultureInfo.InvariantCulture, $"| {EnumNames.Of(m.Option)}{(m.Option.Equals(plan.Motivation.Option) ? " (chosen)" : "")} | {(m.Excluded ? "excluded" : m.Score.ToString(CultureInfo.InvariantCulture))} | {Cell(m.Reason)} |"));
                }

                md.Blank();
                md.Line($"_Sources: {Sources(plan.Motivation.Sources)}_");
                md.Blank();
            }

            md.Line("### Checklist");
            md.Blank();
            foreach (var item in stage.Checklist)
            {
                md.Line($"- [{(plan.StatusOf(item.Id) == ChecklistStatus.Done ? "x" : " ")}] {item.Text}{(item.Required ? "" : " (optional)")} `{item.Id}`");
            }

            md.Blank();
            Recommendations(md, stage.Recommendations);
            Risks(md, stage.Risks, "### Risks");
        }

        md.Line("## Cross-cutting");
        md.Blank();
        Recommendations(md, plan.CrossCutting.Recommendations);
        if (plan.IpPolicy is { } ip)
        {
            md.Line("### IP policy");
            md.Blank();
            md.Line($"Licence: **[{ip.Licence.Code}]({ip.Licence.Url})**. {ip.Reason}");
            md.Line($"_Sources: {Sources(ip.Sources)}_");
            md.Blank();
        }

        if (plan.Appraisal is { } a)
        {
            md.Line("### Should this step be crowdsourced at all?");
            md.Blank();
            md.Line("| Configuration | P(acceptable) | Cost | Weeks | Leakage risk | Expected utility | Value of perfect information | Excluded by rules |");
            md.Line("|---|---:|---:|---:|---:|---:|---:|---|");
            foreach (var o in a.Options)
            {
                md.Line(string.Create(CultureInfo.InvariantCulture,
                    $"| {EnumNames.Of(o.Configuration)} | {o.Estimate.ProbabilityAcceptable:0.###} | {o.Estimate.Cost:0.##} | {o.Estimate.TimeWeeks:0.##} | {o.Estimate.LeakageRisk:0.###} | {o.ExpectedUtility:0.##} | {o.ValueOfPerfectInformation:0.##} | {(o.ExcludedByRules ? "yes" : "no")} |"));
            }

            md.Line(string.Create(CultureInfo.InvariantCulture, $"| do not crowdsource | | | | | {a.DoNotCrowdsourceUtility:0.##} | | |"));
            md.Blank();
            md.Line($"**{a.Reason}**");
            md.Line($"_Sources: {Sources(a.Sources)}_");
            md.Blank();
        }

        Risks(md, plan.CrossCutting.Risks, "### Risk register");
        return md.ToString();
    }

    private static string Approach(CrowdRecommendation crowd)
        => crowd.Approach == SourcingApproach.Hybrid
            ? $"hybrid: {string.Join(" + ", crowd.Used.Select(EnumNames.Of))}"
            : EnumNames.Of(crowd.Approach);

    private static void TiesAndFlags(Md md, RoadmapPlan plan)
    {
        if (plan.Ties.Count == 0 && plan.Flags.Count == 0)
        {
            return;
        }

        md.Line("## Ties and flags");
        md.Blank();
        foreach (var t in plan.Ties)
        {
            md.Line(string.Create(CultureInfo.InvariantCulture, $"- **Tie ({EnumNames.Of(t.Choice)}): {string.Join(" = ", t.Options)} at {t.Score}.** {t.SettledBy}"));
            md.Line(t.Breakers.Count == 0
                ? "  - No single change of an input breaks it."
                : $"  - Broken by: {string.Join("; ", t.Breakers.Select(b => $"{b.Field} {b.Value} → {b.Favours}"))}.");
        }

        foreach (var f in plan.Flags)
        {
            md.Line($"- **Flag: {f.Text}** `{f.Id}` ({string.Join(", ", f.Paths)})");
            md.Line($"  - Sources: {Sources(f.Sources)}");
        }

        md.Blank();
    }

    private static void CrowdTables(Md md, RoadmapPlan plan)
    {
        md.Line("| Rank | Layer | Score | Reason |");
        md.Line("|---:|---|---:|---|");
        var rank = 1;
        foreach (var l in plan.Crowd.Layers)
        {
            md.Line(string.Create(CultureInfo.InvariantCulture, $"| {rank++} | {EnumNames.Of(l.Option)} | {(l.Excluded ? "excluded" : l.Score.ToString(CultureInfo.InvariantCulture))} | {Cell(l.Reason)} |"));
        }

        md.Blank();
        md.Line($"Approach: **{Approach(plan.Crowd)}**. {plan.Crowd.Reason}");
        md.Blank();
        md.Line("| Configuration | Status | Score | Reason |");
        md.Line("|---|---|---:|---|");
        foreach (var c in plan.Crowd.Configurations)
        {
            var status = plan.Crowd.Uses(c.Option) ? "used" : c.Excluded ? "excluded" : "not used";
            md.Line(string.Create(CultureInfo.InvariantCulture, $"| {EnumNames.Of(c.Option)} | {status} | {(c.Excluded ? "" : c.Score.ToString(CultureInfo.InvariantCulture))} | {Cell(c.Reason)} |"));
        }

        md.Blank();
        md.Line($"_Sources: {Sources(plan.Crowd.Sources)}_");
        md.Blank();
    }

    private static string Sources(IEnumerable<RuleSource> sources) => string.Join("; ", sources.Select(s => s.Describe()));

    private static void Recommendations(Md md, IReadOnlyList<Recommendation> recommendations)
    {
        if (recommendations.Count == 0)
        {
            return;
        }

        md.Line("### Recommendations");
        md.Blank();
        foreach (var r in recommendations)
        {
            md.Line($"- **{r.Text}** `{r.Id}`");
            md.Line($"  - Why: {r.Reason}");
            md.Line($"  - Sources: {Sources(r.Sources)}");
        }

        md.Blank();
    }

    private static void Risks(Md md, IReadOnlyList<Risk> risks, string heading)
    {
        if (risks.Count == 0)
        {
            return;
        }

        md.Line(heading);
        md.Blank();
        // The area column only where a risk of the list has one (the clusters paper's barrier register).
        var areas = risks.Any(r => r.Area is not null);
        md.Line(areas ? "| Risk | Area | Priority | Why it applies | Mitigation | Sources |" : "| Risk | Priority | Why it applies | Mitigation | Sources |");
        md.Line(areas ? "|---|---|---|---|---|---|" : "|---|---|---|---|---|");
        foreach (var r in risks)
        {
            var area = areas ? $" {r.Area ?? "–"} |" : string.Empty;
            md.Line($"| {Cell(r.Text)} `{r.Id}` |{area} {EnumNames.Of(r.Priority)} | {Cell(r.Reason)} | {Cell(r.Mitigation)} | {Cell(Sources(r.Sources))} |");
        }

        md.Blank();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private sealed class Md
    {
        private readonly StringBuilder _sb = new();

        public void Line(string text) => _sb.Append(text).Append('\n');

        public void Blank() => _sb.Append('\n');

        public override string ToString() => _sb.ToString();
    }
}

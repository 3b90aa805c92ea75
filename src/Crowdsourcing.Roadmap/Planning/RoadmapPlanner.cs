using System.Globalization;
using System.Runtime.CompilerServices;
using Crowdsourcing.Crowd;
using Crowdsourcing.Incentives;
using Crowdsourcing.Roadmap.Appraisal;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Licensing;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Roadmap.Planning;

/// <summary>Turns an initiative into a six-stage roadmap plan with reasons.</summary>
public interface IRoadmapPlanner
{
    /// <summary>Plans the initiative.</summary>
    /// <param name="initiative">The initiative.</param>
    /// <returns>A new plan, with no progress recorded.</returns>
    RoadmapPlan Plan(Initiative initiative);
}

/// <summary>
/// The planner: applies a <see cref="RoadmapCatalog"/> to an initiative. Pure and deterministic: the same catalogue and
/// initiative give the same plan. Thread-safe.
/// </summary>
/// <remarks>
/// <para>Order of work, each part derived from the ones before it:</para>
/// <list type="number">
/// <item>The layer score rules rank the four crowd layers; vetoes exclude layers (e.g. the outside layers for secret work),
/// and outside layers no configuration may reach are excluded too.</item>
/// <item>The approach follows from the ranking: the top layer's side (inside: internal, trusted partners; outside:
/// pre-qualified, general), or hybrid when the best layer of the other side scores within <see cref="HybridMargin"/>
/// points. The internal configuration serves the inside side; the configuration score rules choose via-broker or open for
/// the outside side among those the sensitivity allows.</item>
/// <item>The motivation score rules rank the motivation types.</item>
/// <item>With these decisions added to the facts, every checklist, recommendation, risk and flag rule whose condition holds is
/// placed in its stage (or the cross-cutting section), in catalogue order, with its templates filled in.</item>
/// <item>Ties at the top of a choice are reported with how they were settled and which single input change breaks them.</item>
/// </list>
/// </remarks>
public sealed class RoadmapPlanner : IRoadmapPlanner
{
    /// <summary>
    /// The planner's calibration for a hybrid: when the best layer on the other side of the firm's boundary scores within this
    /// many points of the top layer, the plan runs both sides. 10.
    /// </summary>
    public const int HybridMargin = 10;

    private static readonly RuleSource[] CrowdSources =
    [
        new PaperPassage(PaperPassage.RoadmapPaper, "3.2 Roadmap stage 2 – select the crowd",
            "A critical concern for the company is to verify whether problem solving should come from inside the company’s network, externally, or using a hybrid approach to solution seeking."),
        new PaperPassage(PaperPassage.RoadmapPaper, "3.2 Roadmap stage 2 – select the crowd",
            "A crowd composed solely of enterprise human capital we recognize as ‘internal crowdsourcing’"),
        new PaperPassage(PaperPassage.RoadmapPaper, "3.2 Roadmap stage 2 – select the crowd",
            "the ‘general crowd’ should be enlisted – a notion corresponding to either the ‘crowdsourcing via a broker’ or ‘open crowdsourcing’ configurations of Figure 3."),
        new PlannerHeuristic($"Trusted partners join the firm's own environment by invitation; pre-qualified participants are reached through a broker's network or an open call with a qualification step; a hybrid runs both sides when their best layers are within {HybridMargin} points."),
    ];

    private static readonly RuleSource[] IpSources =
    [
        new PaperPassage(PaperPassage.ClustersPaper, "Strategic dimensions of crowdsourcing for creative clusters",
            "author of creative product can define rules on how he wants to share his work with others, having a choice of four different conditions for access to his work, which combine in six different licenses"),
        new PlannerHeuristic("The licence is the Creative Commons 4.0 licence whose conditions equal the spec's: attribution always, NC without commercial use, ND without derivatives, SA with share-alike."),
    ];

    private static readonly CrowdLayer[] InsideLayers = [CrowdLayer.Internal, CrowdLayer.TrustedPartners];
    private static readonly CrowdConfiguration[] OutsideConfigurations = [CrowdConfiguration.ViaBroker, CrowdConfiguration.Open];

    private static readonly string[] BreakerFields =
    [
        "goal", "taskKind", "sensitivity", "problemDistance", "needs.insight", "needs.capability", "needs.expertise", "needs.volume",
        "market", "platform", "cluster.level", "cluster.stage", "budget.amount",
    ];

    private readonly ScoreRule[][][] _byOption;

    /// <summary>A planner over <see cref="RoadmapCatalog.Default"/>.</summary>
    public RoadmapPlanner()
        : this(RoadmapCatalog.Default)
    {
    }

    /// <summary>A planner over the given catalogue.</summary>
    /// <param name="catalog">A complete catalogue (every stage defined, no pending removals).</param>
    /// <exception cref="RoadmapCatalogException">The catalogue is not complete.</exception>
    public RoadmapPlanner(RoadmapCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.EnsureComplete();
        Catalog = catalog;
        _byOption = [.. Enum.GetValues<ScoreChoice>().Select(c => ScoreRule.Options(c).Select(o => catalog.Scores.Where(r => r.Choice == c && r.Option == o).ToArray()).ToArray())];
    }

    /// <summary>The catalogue applied.</summary>
    public RoadmapCatalog Catalog { get; }

    /// <inheritdoc />
    /// <exception cref="RoadmapCatalogException">The catalogue's score rules exclude every crowd layer this initiative could use.</exception>
    public RoadmapPlan Plan(Initiative initiative)
    {
        ArgumentNullException.ThrowIfNull(initiative);
        var facts = FactFields.Collect(initiative);

        var crowd = Crowd(facts, initiative.Name);
        var motivations = Rank<Motivation>(ScoreChoice.Motivation, facts);
        if (motivations[0].Excluded)
        {
            throw new RoadmapCatalogException($"The catalogue's score rules exclude every motivation for '{initiative.Name}': {string.Join("; ", motivations.Select(m => m.Reason))}.");
        }

        facts.Set("topLayer", EnumNames.Of(crowd.TopLayer));
        facts.Set("approach", EnumNames.Of(crowd.Approach));
        facts.Set("configuration", EnumNames.Of(crowd.Configuration));
        facts.Set("external", crowd.External is { } external ? EnumNames.Of(external) : "none");
        facts.Set("motivation", EnumNames.Of(motivations[0].Option));
        facts.SetText("hybrid.margin", HybridMargin.ToString(CultureInfo.InvariantCulture));
        facts.SetText("layers.inside", Best(crowd.Layers, inside: true));
        facts.SetText("layers.outside", Best(crowd.Layers, inside: false));
        if (initiative.Budget is { Amount: > 0 } budget)
        {
            facts.SetText("budget.prizes", Prizes(budget));
        }

        var appraisal = initiative.Appraisal is { } input ? ConfigurationAppraiser.Appraise(input, crowd) : null;
        if (appraisal is not null)
        {
            AppraisalFacts(facts, appraisal, crowd, initiative.Budget);
        }

        var stages = new List<PlanStage>(6);
        foreach (var definition in Catalog.Stages.OrderBy(s => s.Stage))
        {
            var checklist = new List<ChecklistItem>();
            foreach (var r in Catalog.Checklist)
            {
                if (r.Stage == definition.Stage && r.When.Matches(facts))
                {
                    checklist.Add(new ChecklistItem(r.Id, r.Stage, RuleText.Render(r.Text, facts), r.RequiredWhen?.Matches(facts) ?? r.Required, r.Sources));
                }
            }

            stages.Add(new PlanStage(definition.Stage, definition.Name, definition.Focus, definition.Sources, checklist, Recommendations(definition.Stage, facts), Risks(definition.Stage, facts)));
        }

        var crossCutting = new CrossCuttingSection(Recommendations(null, facts), Risks(null, facts));
        IpPolicyPlan? ip = null;
        if (initiative.IpPolicy is { } conditions)
        {
            var licence = CreativeCommons.Choose(conditions);
            var reason = $"The spec allows commercial use: {YesNo(conditions.CommercialUse)}; derivatives: {YesNo(conditions.Derivatives)}; share-alike: {YesNo(conditions.ShareAlike)}. "
                + $"{licence.Code} sets exactly these conditions ({string.Join(", ", licence.Conditions)}).";
            ip = new IpPolicyPlan(conditions, licence, reason, IpSources);
        }

        var flags = new List<PlanFlag>();
        foreach (var f in Catalog.Flags)
        {
            if (f.When.Matches(facts))
            {
                flags.Add(new PlanFlag(f.Id, f.Paths, RuleText.Render(f.Text, facts), f.Sources));
            }
        }

        return new RoadmapPlan(initiative, stages, crowd, motivations[0], motivations, crossCutting, ip, appraisal, Ties(facts, crowd, motivations), flags);
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Best(IReadOnlyList<ScoredOption<CrowdLayer>> layers, bool inside)
        => layers.FirstOrDefault(l => !l.Excluded && InsideLayers.Contains(l.Option) == inside) is { } best
            ? string.Create(CultureInfo.InvariantCulture, $"{EnumNames.Of(best.Option)} ({best.Score})")
            : "none";

    /// <summary>
    /// The planner's prize ladder for a budget: half of it as the prize pool (the other half for the platform or broker and
    /// for converting the winners into production), three prizes each twice the next (roadmap paper, §2.2).
    /// </summary>
    private static string Prizes(Budget budget)
    {
        var pool = budget.Amount / 2;
        var first = Math.Round(pool * 4 / 7, 0, MidpointRounding.AwayFromZero);
        var second = Math.Round(pool * 2 / 7, 0, MidpointRounding.AwayFromZero);
        var third = pool - first - second;
        return string.Create(CultureInfo.InvariantCulture, $"a prize pool of {pool:#,0.##} {budget.Currency}: {first:#,0} / {second:#,0} / {third:#,0.##} {budget.Currency}");
    }

    private static void AppraisalFacts(FactSet facts, ConfigurationAppraisal appraisal, CrowdRecommendation crowd, Budget? budget)
    {
        facts.Set("appraisal.verdict", appraisal.Recommended is not { } recommended ? "declines" : crowd.Uses(recommended) ? "agrees" : "differs");
        facts.SetText("appraisal.recommended", appraisal.Recommended is { } r ? EnumNames.Of(r) : "not crowdsourcing");
        var estimates = crowd.Used.Select(c => appraisal.Options.FirstOrDefault(o => o.Configuration == c)).ToList();
        if (budget is not null && estimates.All(e => e is not null))
        {
            var cost = estimates.Sum(e => (decimal)e!.Estimate.Cost);
            facts.Set("budget.covers", cost <= budget.Amount ? "yes" : "no");
            facts.SetText("configuration.cost", string.Create(CultureInfo.InvariantCulture, $"{cost:#,0.##} {budget.Currency}"));
        }
    }

    private List<Recommendation> Recommendations(RoadmapStage? stage, FactSet facts)
    {
        var result = new List<Recommendation>();
        foreach (var r in Catalog.Recommendations)
        {
            if (r.Stage == stage && r.When.Matches(facts))
            {
                result.Add(new Recommendation(r.Id, RuleText.Render(r.Text, facts), RuleText.Render(r.Reason, facts), r.Sources));
            }
        }

        return result;
    }

    private List<Risk> Risks(RoadmapStage? stage, FactSet facts)
    {
        var result = new List<Risk>();
        foreach (var r in Catalog.Risks)
        {
            if (r.Stage == stage && r.When.Matches(facts))
            {
                var priority = r.PriorityWhen?.Matches(facts) == true ? RiskPriority.High : RiskPriority.Normal;
                result.Add(new Risk(r.Id, r.Area, RuleText.Render(r.Text, facts), RuleText.Render(r.Mitigation, facts), RuleText.Render(r.Reason, facts), priority, r.Sources));
            }
        }

        // High-priority risks first, catalogue order otherwise (a stable sort).
        return result.Exists(r => r.Priority == RiskPriority.High) ? [.. result.OrderByDescending(r => r.Priority)] : result;
    }

    // ---- The crowd: layers, approach and configurations ----

    private CrowdRecommendation Crowd(FactSet facts, string name)
    {
        var outside = Rank<CrowdConfiguration>(ScoreChoice.Configuration, facts, OutsideConfigurations);
        var outsideReachable = outside.Any(o => !o.Excluded);
        var layers = RankLayers(facts, outside);
        var top = layers[0];
        if (top.Excluded)
        {
            throw new RoadmapCatalogException($"The catalogue's score rules exclude every crowd layer for '{name}': {string.Join("; ", layers.Select(l => $"{EnumNames.Of(l.Option)}: {l.Reason}"))}.");
        }

        var bestInside = layers.FirstOrDefault(l => !l.Excluded && InsideLayers.Contains(l.Option));
        var bestOutside = layers.FirstOrDefault(l => !l.Excluded && !InsideLayers.Contains(l.Option));
        var topInside = InsideLayers.Contains(top.Option);
        var other = topInside ? bestOutside : bestInside;
        var approach = other is not null && other.Score >= top.Score - HybridMargin
            ? SourcingApproach.Hybrid
            : topInside ? SourcingApproach.Inside : SourcingApproach.Outside;

        var chosenOutside = outsideReachable ? outside[0] : null;
        List<CrowdConfiguration> used = approach switch
        {
            SourcingApproach.Inside => [CrowdConfiguration.Internal],
            SourcingApproach.Outside => [chosenOutside!.Option],
            _ => [CrowdConfiguration.Internal, chosenOutside!.Option],
        };

        var inv = CultureInfo.InvariantCulture;
        var internalOption = bestInside is null
            ? new ScoredOption<CrowdConfiguration>(CrowdConfiguration.Internal, 0, true, "Excluded: no inside layer (internal, trusted partners) is left to reach.", CrowdSources)
            : new ScoredOption<CrowdConfiguration>(CrowdConfiguration.Internal, bestInside.Score, false,
                string.Create(inv, $"Follows from the layers: it reaches the inside crowd, best {EnumNames.Of(bestInside.Option)} ({bestInside.Score})."), CrowdSources);
        var all = outside.Prepend(internalOption).ToList();
        var configurations = all.Where(c => used.Contains(c.Option)).OrderBy(c => used.IndexOf(c.Option))
            .Concat(all.Where(c => !used.Contains(c.Option) && !c.Excluded))
            .Concat(all.Where(c => !used.Contains(c.Option) && c.Excluded))
            .ToList();

        var reason = approach switch
        {
            SourcingApproach.Inside => string.Create(inv, $"The top-ranked layer, {EnumNames.Of(top.Option)} ({top.Score}), is inside the firm's network, reached in the firm's own environment (internal). ")
                + (bestOutside is null
                    ? $"No outside layer is left: {Excluded(layers.Where(l => !InsideLayers.Contains(l.Option)).ToList())}."
                    : string.Create(inv, $"The best outside layer, {EnumNames.Of(bestOutside.Option)} ({bestOutside.Score}), is more than {HybridMargin} points lower, so the plan stays inside.")),
            SourcingApproach.Outside => string.Create(inv, $"The top-ranked layer, {EnumNames.Of(top.Option)} ({top.Score}), is outside the firm's network, reached {How(chosenOutside!.Option)} ({EnumNames.Of(chosenOutside.Option)}, {chosenOutside.Score}). ")
                + (bestInside is null
                    ? $"No inside layer is left: {Excluded(layers.Where(l => InsideLayers.Contains(l.Option)).ToList())}."
                    : string.Create(inv, $"The best inside layer, {EnumNames.Of(bestInside.Option)} ({bestInside.Score}), is more than {HybridMargin} points lower, so the plan goes outside only."))
                + OutsideNote(outside),
            _ => string.Create(inv, $"The best inside layer, {EnumNames.Of(bestInside!.Option)} ({bestInside.Score}), and the best outside layer, {EnumNames.Of(bestOutside!.Option)} ({bestOutside.Score}), are within {HybridMargin} points: the plan runs both (hybrid), internal for the inside crowd and {EnumNames.Of(chosenOutside!.Option)} for the outside one.")
                + OutsideNote(outside),
        };

        return new CrowdRecommendation(layers, approach, used, configurations, reason, CrowdSources);
    }

    private static string How(CrowdConfiguration configuration) => configuration == CrowdConfiguration.Open ? "with an open call" : "through a broker";

    private static string Excluded(List<ScoredOption<CrowdLayer>> layers)
        => $"{string.Join(" and ", layers.Select(l => EnumNames.Of(l.Option)))} {(layers.Count == 1 ? "is" : "are")} excluded ({string.Join("; ", layers.Select(l => l.Reason["Excluded: ".Length..].TrimEnd('.')).Distinct(StringComparer.Ordinal))})";

    private static string OutsideNote(List<ScoredOption<CrowdConfiguration>> outside)
    {
        var excluded = outside.Where(o => o.Excluded).ToList();
        return excluded.Count == 0 ? string.Empty : " " + string.Join(" ", excluded.Select(o => $"{EnumNames.Of(o.Option)} is excluded: {o.Reason["Excluded: ".Length..].TrimEnd('.')}."));
    }

    /// <summary>The layers ranked: vetoed layers and outside layers no configuration may reach are excluded; ties put the layer closer to the firm first.</summary>
    private List<ScoredOption<CrowdLayer>> RankLayers(FactSet facts, List<ScoredOption<CrowdConfiguration>> outside)
    {
        var layers = Score<CrowdLayer>(ScoreChoice.Layer, facts, Enum.GetValues<CrowdLayer>());
        if (outside.All(o => o.Excluded))
        {
            var why = "Excluded: no configuration may reach it (" + string.Join("; ", outside.Select(o => $"{EnumNames.Of(o.Option)}: {o.Reason["Excluded: ".Length..]}")) + ").";
            for (var i = 0; i < layers.Count; i++)
            {
                if (!InsideLayers.Contains(layers[i].Option) && !layers[i].Excluded)
                {
                    layers[i] = layers[i] with { Score = 0, Excluded = true, Reason = why, Sources = [.. layers[i].Sources.Concat(outside.SelectMany(o => o.Sources)).Distinct(ReferenceEqualityComparer.Instance).Cast<RuleSource>()] };
                }
            }
        }

        return Order(layers);
    }

    private List<ScoredOption<TOption>> Rank<TOption>(ScoreChoice choice, FactSet facts, IReadOnlyList<TOption>? options = null)
        where TOption : struct, Enum
        => Order(Score(choice, facts, options ?? Enum.GetValues<TOption>()));

    /// <summary>Best first: not excluded, higher score, then declaration order (closest layer, via-broker before open, most intrinsic motivation).</summary>
    private static List<ScoredOption<TOption>> Order<TOption>(List<ScoredOption<TOption>> options)
        where TOption : struct, Enum
    {
        // A stable insertion sort: the lists have at most four options.
        var result = new List<ScoredOption<TOption>>(options.Count);
        foreach (var option in options)
        {
            var at = result.Count;
            while (at > 0 && Before(option, result[at - 1]))
            {
                at--;
            }

            result.Insert(at, option);
        }

        return result;

        static bool Before(ScoredOption<TOption> a, ScoredOption<TOption> b)
        {
            if (a.Excluded != b.Excluded)
            {
                return !a.Excluded;
            }

            if (a.Score != b.Score)
            {
                return a.Score > b.Score;
            }

            var (x, y) = (a.Option, b.Option);
            return Unsafe.As<TOption, int>(ref x) < Unsafe.As<TOption, int>(ref y);
        }
    }

    private List<ScoredOption<TOption>> Score<TOption>(ScoreChoice choice, FactSet facts, IReadOnlyList<TOption> options)
        where TOption : struct, Enum
    {
        var result = new List<ScoredOption<TOption>>(options.Count);
        foreach (var option in options)
        {
            var applied = new List<ScoreRule>();
            foreach (var r in _byOption[(int)choice][Unsafe.As<TOption, int>(ref Unsafe.AsRef(in option))])
            {
                if (r.When.Matches(facts))
                {
                    applied.Add(r);
                }
            }

            var vetoes = applied.Where(r => r.Veto).ToList();
            var score = vetoes.Count > 0 ? 0 : applied.Sum(r => r.Points);
            string reason;
            if (vetoes.Count > 0)
            {
                reason = "Excluded: " + string.Join("; ", vetoes.Select(r => RuleText.Render(r.Reason, facts)));
            }
            else
            {
                var conditional = applied.Where(r => !r.IsBaseline).ToList();
                var shown = conditional.Count > 0 ? conditional : applied;
                reason = shown.Count == 0
                    ? "No rule applies."
                    : string.Join("; ", shown.Select(r => r.PointsText + " " + RuleText.Render(r.Reason, facts)));
            }

            var sources = new List<RuleSource>();
            foreach (var r in vetoes.Count > 0 ? vetoes : applied)
            {
                foreach (var source in r.Sources)
                {
                    if (!sources.Any(x => ReferenceEquals(x, source)))
                    {
                        sources.Add(source);
                    }
                }
            }

            result.Add(new ScoredOption<TOption>(option, score, vetoes.Count > 0, reason, sources));
        }

        return result;
    }

    /// <summary>Only the scores and exclusions of the options, without reasons: what a tie breaker needs.</summary>
    private (int Score, bool Excluded)[] Quick<TOption>(ScoreChoice choice, FactSet facts, IReadOnlyList<TOption> options)
        where TOption : struct, Enum
    {
        var result = new (int Score, bool Excluded)[options.Count];
        for (var i = 0; i < options.Count; i++)
        {
            var (score, excluded) = (0, false);
            var option = options[i];
            foreach (var r in _byOption[(int)choice][Unsafe.As<TOption, int>(ref option)])
            {
                if (r.When.Matches(facts))
                {
                    excluded |= r.Veto;
                    score += r.Points;
                }
            }

            result[i] = excluded ? (0, true) : (score, false);
        }

        return result;
    }

    private (int Score, bool Excluded)[] QuickLayers(FactSet facts, IReadOnlyList<CrowdLayer> layers)
    {
        var scores = Quick(ScoreChoice.Layer, facts, layers);
        if (Quick(ScoreChoice.Configuration, facts, OutsideConfigurations).All(o => o.Excluded))
        {
            for (var i = 0; i < layers.Count; i++)
            {
                if (!InsideLayers.Contains(layers[i]))
                {
                    scores[i] = (0, true);
                }
            }
        }

        return scores;
    }

    // ---- Ties ----

    private List<PlanTie> Ties(FactSet facts, CrowdRecommendation crowd, List<ScoredOption<Motivation>> motivations)
    {
        var ties = new List<PlanTie>();
        var layers = TopTie(crowd.Layers);
        if (layers.Count > 1)
        {
            var sides = layers.Select(l => InsideLayers.Contains(l.Option)).Distinct().Count();
            var settled = sides > 1
                ? "The tie spans the firm's boundary, so the plan runs both sides (hybrid); in the ranking the layer closer to the firm comes first (the planner's rule: less exposure)."
                : $"The layer closer to the firm comes first (the planner's rule: less exposure); the same configuration, {EnumNames.Of(crowd.Configuration)}, reaches both.";
            ties.Add(new PlanTie(ScoreChoice.Layer, [.. layers.Select(l => EnumNames.Of(l.Option))], layers[0].Score, settled,
                Breakers(facts, layers.Select(l => l.Option).ToList(), QuickLayers)));
        }

        if (crowd.Approach != SourcingApproach.Inside)
        {
            var outside = TopTie([.. crowd.Configurations.Where(c => c.Option != CrowdConfiguration.Internal)]);
            if (outside.Count > 1)
            {
                ties.Add(new PlanTie(ScoreChoice.Configuration, [.. outside.Select(c => EnumNames.Of(c.Option))], outside[0].Score,
                    "via-broker comes before open on a tie (the planner's rule: a broker's contract bounds what the crowd sees and who owns the results).",
                    Breakers(facts, outside.Select(c => c.Option).ToList(), (f, o) => Quick(ScoreChoice.Configuration, f, o))));
            }
        }

        var motivation = TopTie(motivations);
        if (motivation.Count > 1)
        {
            ties.Add(new PlanTie(ScoreChoice.Motivation, [.. motivation.Select(m => EnumNames.Of(m.Option))], motivation[0].Score,
                $"The more intrinsic motivation, {EnumNames.Of(motivation[0].Option)}, comes first on a tie (the planner's rule, after the roadmap paper's warning that too high a monetary reward can lower performance).",
                Breakers(facts, motivation.Select(m => m.Option).ToList(), (f, o) => Quick(ScoreChoice.Motivation, f, o))));
        }

        return ties;
    }

    private static List<ScoredOption<TOption>> TopTie<TOption>(IReadOnlyList<ScoredOption<TOption>> ranked)
        where TOption : struct, Enum
        => ranked.Count > 1 && !ranked[0].Excluded && !ranked[1].Excluded && ranked[1].Score == ranked[0].Score
            ? [.. ranked.TakeWhile(o => !o.Excluded && o.Score == ranked[0].Score)]
            : [];

    /// <summary>The single input changes (among the inputs the scores read) under which one tied option scores strictly above the other tied ones.</summary>
    private static List<TieBreaker> Breakers<TOption>(FactSet facts, List<TOption> tied, Func<FactSet, IReadOnlyList<TOption>, (int Score, bool Excluded)[]> score)
        where TOption : struct, Enum
    {
        var result = new List<TieBreaker>();
        foreach (var field in BreakerFields)
        {
            var index = FactFields.IndexOf(field);
            var current = facts[index];
            if (current < 0)
            {
                continue;
            }

            var values = FactFields.AllowedValues(field);
            for (var v = 0; v < values.Count; v++)
            {
                if (v == current)
                {
                    continue;
                }

                var changed = facts.With(index, v);
                if (!Valid(changed))
                {
                    continue;
                }

                var scores = score(changed, tied);
                var (best, bestScore, second) = (-1, int.MinValue, int.MinValue);
                for (var i = 0; i < scores.Length; i++)
                {
                    if (scores[i].Excluded)
                    {
                        continue;
                    }

                    if (scores[i].Score > bestScore)
                    {
                        (second, bestScore, best) = (bestScore, scores[i].Score, i);
                    }
                    else if (scores[i].Score > second)
                    {
                        second = scores[i].Score;
                    }
                }

                if (best >= 0 && bestScore > second)
                {
                    result.Add(new TieBreaker(FactFields.PathOf(field)!, values[v], EnumNames.Of(tied[best])));
                }
            }
        }

        return result;
    }

    /// <summary>Whether facts changed for a tie breaker still describe an initiative the spec validation accepts.</summary>
    private static bool Valid(FactSet facts)
    {
        var funding = facts.ValueOf("goal") == EnumNames.Of(InitiativeGoal.Funding);
        var crowdfunding = facts.ValueOf("taskKind") == EnumNames.Of(TaskKind.Crowdfunding);
        var sensitivity = facts.ValueOf("sensitivity");
        var ip = facts.ValueOf("ipPolicy") == FactFields.Present;
        return funding == crowdfunding
            && (!crowdfunding || (sensitivity == EnumNames.Of(Confidentiality.Public) && !ip))
            && (!ip || sensitivity == EnumNames.Of(Confidentiality.Public) || sensitivity == EnumNames.Of(Confidentiality.Internal));
    }
}

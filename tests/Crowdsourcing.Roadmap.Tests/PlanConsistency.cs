using Crowdsourcing.Crowd;
using Crowdsourcing.Incentives;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>
/// The rules a plan must not break, written here independently of the planner: what the plan's parts say about each other
/// and about the inputs. Each returns a message naming the rule when it is broken.
/// </summary>
internal static class PlanConsistency
{
    private static readonly CrowdLayer[] Inside = [CrowdLayer.Internal, CrowdLayer.TrustedPartners];

    public static List<string> Contradictions(Initiative i, RoadmapPlan p)
    {
        var errors = new List<string>();
        void Rule(bool holds, string rule)
        {
            if (!holds)
            {
                errors.Add(rule);
            }
        }

        var crowd = p.Crowd;
        var layers = crowd.Layers;
        var top = crowd.TopLayer;
        var topInside = Inside.Contains(top);
        var open = crowd.Uses(CrowdConfiguration.Open);
        var broker = crowd.Uses(CrowdConfiguration.ViaBroker);
        var outside = crowd.Approach != SourcingApproach.Inside;
        var secret = i.Sensitivity == Confidentiality.Secret;
        var isPublic = i.Sensitivity == Confidentiality.Public;
        var zero = i.Budget is { Amount: 0 };
        bool Excluded(CrowdLayer l) => layers.Single(x => x.Option == l).Excluded;

        // The crowd: the ranking, and the configuration derived from it and the sensitivity.
        Rule(layers.Select(l => l.Option).Distinct().Count() == 4, "R1 the four layers are ranked once each");
        Rule(!layers[0].Excluded, "R1 the top layer is not excluded");
        Rule(layers.SkipWhile(l => !l.Excluded).All(l => l.Excluded), "R1 excluded layers come last");
        Rule(layers.Where(l => !l.Excluded).Zip(layers.Where(l => !l.Excluded).Skip(1)).All(x => x.First.Score >= x.Second.Score), "R1 layers are ranked by score");
        if (!(topInside ? crowd.Configuration == CrowdConfiguration.Internal && crowd.Uses(CrowdConfiguration.Internal) : crowd.Configuration != CrowdConfiguration.Internal))
        {
            errors.Add($"R2 the configuration reaches the top layer ({EnumNames.Of(top)} ranked first, configuration {EnumNames.Of(crowd.Configuration)})");
        }

        var matches = crowd.Approach switch
        {
            SourcingApproach.Inside => crowd.Used.Count == 1 && crowd.Used[0] == CrowdConfiguration.Internal,
            SourcingApproach.Outside => crowd.Used.Count == 1 && crowd.Used[0] != CrowdConfiguration.Internal,
            _ => crowd.Used.Count == 2 && crowd.Used[0] == CrowdConfiguration.Internal && crowd.Used[1] != CrowdConfiguration.Internal,
        };
        if (!matches)
        {
            errors.Add($"R3 the approach {EnumNames.Of(crowd.Approach)} matches the configurations used ({string.Join(", ", crowd.Used.Select(EnumNames.Of))})");
        }
        Rule(crowd.Approach != SourcingApproach.Hybrid || (layers.Any(l => !l.Excluded && Inside.Contains(l.Option)) && layers.Any(l => !l.Excluded && !Inside.Contains(l.Option))),
            "R3 a hybrid has a layer left on each side");
        Rule(crowd.Configurations.Select(c => c.Option).Distinct().Count() == 3, "R3 the three configurations are listed once each");
        Rule(crowd.Used.All(u => !crowd.Configurations.Single(c => c.Option == u).Excluded), "R3 no used configuration is excluded");
        if (!(!open || isPublic))
        {
            errors.Add($"R4 an open call only for public work (sensitivity {EnumNames.Of(i.Sensitivity)})");
        }

        Rule(!broker || !secret, "R4 no broker for secret work");
        Rule(!secret || (Excluded(CrowdLayer.Prequalified) && Excluded(CrowdLayer.General) && crowd.Approach == SourcingApproach.Inside), "R4 secret work stays inside");
        Rule(i.TaskKind != TaskKind.Crowdfunding || (isPublic && top == CrowdLayer.General && crowd.Approach == SourcingApproach.Outside),
            "R5 crowdfunding is public and goes to the population at large");

        // Advice derived from the configuration and the sensitivity.
        var ids = p.AllRecommendations.Select(r => r.Id).Concat(p.AllRisks.Select(r => r.Id)).Concat(p.Stages.SelectMany(s => s.Checklist).Select(c => c.Id)).ToHashSet(StringComparer.Ordinal);
        Rule((ids.Contains("reach.broker") || ids.Contains("reach.crowdfunding-platform")) == broker && ids.Contains("reach.broker-contract") == broker && ids.Contains("env.platform.broker") == broker,
            "R6 broker advice in stages 3 and 5 exactly when a broker is used");
        Rule(ids.Contains("reach.open") == open, "R6 open-call advice exactly when an open call is used");
        Rule(ids.Contains("reach.invitations") == crowd.Uses(CrowdConfiguration.Internal), "R6 invitations exactly when the inside crowd is used");
        var advice = p.AllRecommendations.Select(r => (r.Id, r.Text, Extra: ""))
            .Concat(p.AllRisks.Select(r => (r.Id, r.Text, Extra: r.Mitigation)))
            .Concat(p.Stages.SelectMany(s => s.Checklist).Select(c => (c.Id, c.Text, Extra: "")));
        foreach (var (id, text, extra) in advice)
        {
            var said = Masks.GetOrAdd(text, Mask) | Masks.GetOrAdd(extra, Mask);
            if (said == 0)
            {
                continue;
            }

            bool Says(string words) => (said & (1 << Array.IndexOf(Phrases, words))) != 0;
            if (Says("social media") && !(isPublic && outside))
            {
                errors.Add($"R7 {id}: social media only for public work reaching the outside crowd");
            }

            if (Says("open call") && !open)
            {
                errors.Add($"R7 {id}: an open call is mentioned only when the plan uses one");
            }

            if (Says("general crowd") && (Excluded(CrowdLayer.General) || !outside))
            {
                errors.Add($"R7 {id}: the general crowd only when it is reachable and reached");
            }

            if ((Says("b2(b+c)") || Says("end users")) && !(i.Sensitivity is Confidentiality.Public or Confidentiality.Internal && outside))
            {
                errors.Add($"R7 {id}: end users only for public or internal work reaching the outside crowd");
            }

            if (Says("broker") && !(Says("no broker") || !crowd.Configurations.Single(c => c.Option == CrowdConfiguration.ViaBroker).Excluded))
            {
                errors.Add($"R7 {id}: a broker only where a broker is allowed");
            }

            if (Says("creative commons") && !(isPublic && i.TaskKind != TaskKind.Crowdfunding))
            {
                errors.Add($"R8 {id}: Creative Commons advice only for public work that yields works");
            }

            if (Says("all rights reserved") && !(i.Sensitivity is Confidentiality.Confidential or Confidentiality.Secret))
            {
                errors.Add($"R8 {id}: all rights reserved only for confidential or secret work");
            }

            if (Says("innovation jam") && top != CrowdLayer.Internal)
            {
                errors.Add($"R9 {id}: an innovation jam only when the internal crowd is ranked first");
            }

            if (Says("lead users") && !outside)
            {
                errors.Add($"R9 {id}: lead users are outside the firm");
            }

            if (Says("prize ladder") && (i.TaskKind != TaskKind.Contest || zero))
            {
                errors.Add($"R10 {id}: a prize ladder only for a contest with money");
            }

            if (Says("pay per task") && zero)
            {
                errors.Add($"R10 {id}: pay per task only with money");
            }
        }

        Rule(p.IpPolicy is null || (i.Sensitivity is Confidentiality.Public or Confidentiality.Internal && i.TaskKind != TaskKind.Crowdfunding), "R8 a licence only for public or internal work that yields works");
        Rule(p.IpPolicy is null || isPublic || p.Flags.Any(f => f.Paths.Contains("$.ipPolicy")), "R8 a licence on internal work is flagged");
        Rule(ids.Contains("ip.choose-conditions") == (i.IpPolicy is null && isPublic && i.TaskKind != TaskKind.Crowdfunding), "R8 licence advice exactly for public work without a policy");
        Rule(p.Motivation.Option != Motivation.Extrinsic || !zero, "R10 no monetary motivation without money");

        // Inputs that pull apart are flagged, naming them.
        bool Flagged(string path) => p.Flags.Any(f => f.Paths.Contains(path));
        Rule(i.Platform != PlatformPreference.Broker || broker || Flagged("$.platform"), "R11 a broker preference the plan does not follow is flagged");
        Rule(i.Platform != PlatformPreference.Own || !broker || Flagged("$.platform"), "R11 an own-platform preference the plan does not follow is flagged");
        Rule(i.Market == Market.B2B || outside || Flagged("$.market"), "R11 a consumer market with an inside crowd is flagged");
        Rule(i.ProblemDistance != ProblemDistance.Distant || outside || Flagged("$.problemDistance"), "R11 a distant problem kept inside is flagged");
        Rule(i.Needs.Volume != Magnitude.High || outside || Flagged("$.needs.volume"), "R11 high volume kept inside is flagged");
        Rule(!zero || i.TaskKind is not (TaskKind.Contest or TaskKind.MicroTask or TaskKind.Crowdfunding) || Flagged("$.budget.amount"), "R11 a zero budget for paid work is flagged");
        Rule(!zero || i.Platform != PlatformPreference.Own || Flagged("$.budget.amount"), "R11 a zero budget for an own platform is flagged");
        Rule(i.IpPolicy is not { CommercialUse: false } || i.Goal is not (InitiativeGoal.Innovation or InitiativeGoal.ProblemSolving or InitiativeGoal.ProductionWork) || Flagged("$.ipPolicy.commercialUse"),
            "R11 a non-commercial licence on commercial work is flagged");
        Rule(i.IpPolicy is not { CommercialUse: false } || i.Cluster is not { Level: ClusterLevel.Macro } || Flagged("$.ipPolicy.commercialUse"), "R11 a non-commercial licence on a joint cluster offer is flagged");
        foreach (var f in p.Flags)
        {
            if (f.Paths.Count == 0 || f.Sources.Count == 0 || f.Text.Contains('{', StringComparison.Ordinal))
            {
                errors.Add($"R11 flag {f.Id} names its inputs and sources");
            }
        }

        // Ties are shown, never settled silently.
        Rule(Tie(layers) == p.Ties.Any(t => t.Choice == ScoreChoice.Layer), "R12 a tie at the top of the layers is shown, and only then");
        Rule(Tie(p.Motivations) == p.Ties.Any(t => t.Choice == ScoreChoice.Motivation), "R12 a tie at the top of the motivations is shown, and only then");
        var outsideOptions = crowd.Configurations.Where(c => c.Option != CrowdConfiguration.Internal).OrderBy(c => c.Excluded).ThenByDescending(c => c.Score).ToList();
        Rule((outside && Tie(outsideOptions)) == p.Ties.Any(t => t.Choice == ScoreChoice.Configuration), "R12 a tie between the outside configurations is shown, and only then");
        foreach (var t in p.Ties)
        {
            if (!(t.Options.Count >= 2 && !string.IsNullOrWhiteSpace(t.SettledBy) && t.Breakers.All(b => t.Options.Contains(b.Favours) && b.Field.StartsWith("$.", StringComparison.Ordinal))))
            {
                errors.Add($"R12 the {EnumNames.Of(t.Choice)} tie says how it was settled and what breaks it");
            }
        }

        if (p.Ties.FirstOrDefault(t => t.Choice == ScoreChoice.Layer) is { } layerTie)
        {
            Rule(layerTie.Options[0] == EnumNames.Of(top), "R12 the layer tie lists the top layer first");
        }

        // No repetition, no unfilled template, sources everywhere.
        var items = p.AllRecommendations.Select(r => (r.Id, r.Text, r.Reason, r.Sources)).Concat(p.AllRisks.Select(r => (r.Id, r.Text, r.Reason, r.Sources))).ToList();
        Rule(items.Select(x => x.Id).Distinct().Count() == items.Count, "R13 no rule fires twice");
        var quoted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, _, _, sources) in items)
        {
            foreach (var source in sources)
            {
                if (source is PaperPassage passage && !quoted.Add(passage.Quote))
                {
                    errors.Add($"R13 no passage backs two recommendations or risks: {id} repeats “{passage.Quote}”");
                }
            }
        }

        Rule(items.Select(x => x.Text).Distinct(StringComparer.Ordinal).Count() == items.Count, "R13 no two recommendations or risks say the same");
        foreach (var (id, text, reason, sources) in items)
        {
            if (sources.Count == 0 || text.Contains('{', StringComparison.Ordinal) || reason.Contains('{', StringComparison.Ordinal) || reason.Contains("none", StringComparison.Ordinal))
            {
                errors.Add($"R14 {id} has sources and filled templates");
            }

        }

        foreach (var stage in p.Stages)
        {
            if (!(stage.Checklist.Any(c => c.Required)))
            {
                errors.Add($"R14 stage {stage.Number} has a required checklist item");
            }

        }

        return errors;
    }

    // The phrases the text rules look for; each text's set is computed once (texts repeat across plans).
    private static readonly string[] Phrases =
    [
        "social media", "open call", "general crowd", "b2(b+c)", "end users", "broker", "no broker", "creative commons",
        "all rights reserved", "innovation jam", "lead users", "prize ladder", "pay per task",
    ];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Masks = new(StringComparer.Ordinal);

    private static int Mask(string text)
    {
        var lower = text.ToLowerInvariant();
        var mask = 0;
        for (var i = 0; i < Phrases.Length; i++)
        {
            if (lower.Contains(Phrases[i], StringComparison.Ordinal))
            {
                mask |= 1 << i;
            }
        }

        return mask;
    }

    private static bool Tie<T>(IReadOnlyList<ScoredOption<T>> ranked)
        where T : struct, Enum
        => ranked.Count > 1 && !ranked[0].Excluded && !ranked[1].Excluded && ranked[0].Score == ranked[1].Score;
}

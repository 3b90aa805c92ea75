using System.Collections.Concurrent;
using System.Diagnostics;
using Crowdsourcing.Crowd;
using Crowdsourcing.Incentives;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;
using Xunit.Abstractions;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>
/// Every combination of goal, task kind, sensitivity, problem distance, the four needs, market and platform: refused when
/// the inputs cannot both hold, otherwise planned, and every plan checked against <see cref="PlanConsistency"/>. The sweep
/// runs once (in parallel, one planner, no rendering) and the facts below read its results.
/// </summary>
public sealed class WholeSpaceTests(WholeSpace space, ITestOutputHelper output) : IClassFixture<WholeSpace>
{
    [Fact]
    public void Every_plan_of_the_whole_input_space_is_free_of_contradictions()
    {
        output.WriteLine(space.Summary);
        Assert.True(space.Contradictions == 0, $"{space.Contradictions} contradictions; first ones:\n{string.Join("\n", space.Examples.Take(30))}");
        Assert.True(space.SampleContradictions == 0, $"{space.SampleContradictions} contradictions among {WholeSpace.SampleSize} specs with optional parts; first ones:\n{string.Join("\n", space.SampleExamples.Take(30))}");
        Assert.Equal(262_440, space.Combinations);
        Assert.Equal(space.Combinations - space.Refused, space.Planned);
    }

    [Fact]
    public void The_refused_combinations_are_exactly_those_whose_inputs_cannot_both_hold()
    {
        // goal funding ⇔ task kind crowdfunding; a crowdfunding campaign's pitch is public.
        foreach (var goal in Enum.GetValues<InitiativeGoal>())
        {
            foreach (var kind in Enum.GetValues<TaskKind>())
            {
                foreach (var sensitivity in Enum.GetValues<Confidentiality>())
                {
                    var expected = WholeSpace.Valid(goal, kind, sensitivity);
                    var needs = new InitiativeNeeds(Magnitude.Medium, Magnitude.Medium, Magnitude.Medium, Magnitude.Medium);
                    var create = () => new Initiative("x", goal, kind, sensitivity, ProblemDistance.Adjacent, needs, Market.B2B, PlatformPreference.Either);
                    if (expected)
                    {
                        Assert.NotNull(create());
                    }
                    else
                    {
                        var ex = Assert.Throws<InitiativeSpecException>(create);
                        Assert.NotEmpty(ex.Paths);
                        Assert.All(ex.Paths, path => Assert.Contains(path, new[] { "$.goal", "$.taskKind", "$.sensitivity" }));
                        Assert.Equal(ex.Paths, ex.Errors.Select(e => e.Path));
                    }
                }
            }
        }

        Assert.Equal(262_440 - (81 * 2187), space.Refused);
    }

    [Fact]
    public void No_recommendation_or_risk_appears_in_every_plan_whatever_the_input()
    {
        // The enumerated space has no budget, timetable, cluster or licence; the sample with optional parts varies them too.
        var everywhere = space.IdCounts.Where(p => p.Value == space.Planned + WholeSpace.SampleSize).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        Assert.True(everywhere.Count == 0, "In every plan: " + string.Join(", ", everywhere));
    }

    [Fact]
    public void Every_reason_names_an_input_that_triggered_it()
    {
        Assert.True(space.UnnamedReasons.IsEmpty, string.Join("\n", space.UnnamedReasons.Take(20)));
    }

    [Fact]
    public void Every_value_of_every_enumerated_input_changes_some_plan()
    {
        var silent = space.InputEffects.Where(e => e.Value.Pairs > 0 && e.Value.Different == 0).Select(e => e.Key).ToList();
        Assert.True(silent.Count == 0, "Changing these inputs never changes a plan: " + string.Join(", ", silent));
    }

    [Fact]
    public void Secret_and_confidential_work_always_get_different_plans()
    {
        var (pairs, different) = space.SecretVersusConfidential;
        Assert.True(pairs > 0);
        Assert.Equal(pairs, different);
    }
}

/// <summary>The sweep over the whole enumerated input space, run once for <see cref="WholeSpaceTests"/>.</summary>
public sealed class WholeSpace
{
    private static readonly InitiativeGoal[] Goals = Enum.GetValues<InitiativeGoal>();
    private static readonly TaskKind[] Kinds = Enum.GetValues<TaskKind>();
    private static readonly Confidentiality[] Sensitivities = Enum.GetValues<Confidentiality>();
    private static readonly ProblemDistance[] Distances = Enum.GetValues<ProblemDistance>();
    private static readonly Magnitude[] Magnitudes = Enum.GetValues<Magnitude>();
    private static readonly Market[] Markets = Enum.GetValues<Market>();
    private static readonly PlatformPreference[] Platforms = Enum.GetValues<PlatformPreference>();

    // Field order and radix of the mixed-radix index: goal, taskKind, sensitivity, problemDistance, insight, capability, expertise, volume, market, platform.
    private static readonly string[] FieldNames = ["goal", "taskKind", "sensitivity", "problemDistance", "needs.insight", "needs.capability", "needs.expertise", "needs.volume", "market", "platform"];
    private static readonly int[] Radix = [Goals.Length, Kinds.Length, Sensitivities.Length, Distances.Length, 3, 3, 3, 3, Markets.Length, Platforms.Length];
    private static readonly IReadOnlyList<string>[] Names =
    [
        EnumNames.All<InitiativeGoal>(), EnumNames.All<TaskKind>(), EnumNames.All<Confidentiality>(), EnumNames.All<ProblemDistance>(),
        EnumNames.All<Magnitude>(), EnumNames.All<Magnitude>(), EnumNames.All<Magnitude>(), EnumNames.All<Magnitude>(), EnumNames.All<Market>(), EnumNames.All<PlatformPreference>(),
    ];

    /// <summary>How many specs with optional parts (cluster, budget, timetable, licence, appraisal) the sweep adds, drawn with a fixed seed.</summary>
    public const int SampleSize = 20_000;

    public WholeSpace()
    {
        var catalog = RoadmapCatalog.Default;
        var planner = new RoadmapPlanner(catalog);
        var conditions = catalog.Recommendations.Select(r => (r.Id, r.When)).Concat(catalog.Risks.Select(r => (r.Id, r.When))).Concat(catalog.Flags.Select(r => (r.Id, r.When)))
            .ToDictionary(x => x.Id, x => x.When, StringComparer.Ordinal);
        Combinations = Radix.Aggregate(1, (a, r) => a * r);
        var signatures = new ulong[Combinations];
        var whole = new Findings();
        var unnamed = new ConcurrentQueue<string>();
        var idCounts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        long planned = 0, refused = 0, ties = 0, hybrids = 0, flagged = 0, inside = 0, outside = 0;

        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Parallel.For(0, Combinations, () => (Counts: new Dictionary<string, int>(StringComparer.Ordinal), Reasons: new HashSet<(string, string)>()), (index, _, local) =>
        {
            var counts = local.Counts;
            var v = Digits(index);
            var (goal, kind, sensitivity) = (Goals[v[0]], Kinds[v[1]], Sensitivities[v[2]]);
            if (!Valid(goal, kind, sensitivity))
            {
                Interlocked.Increment(ref refused);
                return local;
            }

            var initiative = new Initiative("Space", goal, kind, sensitivity, Distances[v[3]],
                new InitiativeNeeds(Magnitudes[v[4]], Magnitudes[v[5]], Magnitudes[v[6]], Magnitudes[v[7]]), Markets[v[8]], Platforms[v[9]]);
            var plan = planner.Plan(initiative);
            Interlocked.Increment(ref planned);
            whole.Record(PlanConsistency.Contradictions(initiative, plan), () => Describe(v));

            if (plan.Ties.Count > 0)
            {
                Interlocked.Increment(ref ties);
            }

            if (plan.Flags.Count > 0)
            {
                Interlocked.Increment(ref flagged);
            }

            switch (plan.Crowd.Approach)
            {
                case SourcingApproach.Hybrid: Interlocked.Increment(ref hybrids); break;
                case SourcingApproach.Inside: Interlocked.Increment(ref inside); break;
                default: Interlocked.Increment(ref outside); break;
            }

            var fired = plan.AllRecommendations.Select(r => (r.Id, Text: r.Reason)).Concat(plan.AllRisks.Select(r => (r.Id, Text: r.Reason))).Concat(plan.Flags.Select(f => (f.Id, f.Text))).ToList();
            foreach (var (id, _) in fired.Where(f => !f.Id.StartsWith("flag.", StringComparison.Ordinal)))
            {
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }

            // Each distinct reason of a rule is checked (on each thread) against the facts of the first plan it appears in; reasons repeat across plans.
            Dictionary<string, string>? facts = null;
            foreach (var (id, text) in fired)
            {
                if (!local.Reasons.Add((id, text)))
                {
                    continue;
                }

                facts ??= Facts(initiative, plan);
                if (!NamesAnInput(conditions[id], facts, text.ToLowerInvariant()) && unnamed.Count < 50)
                {
                    unnamed.Enqueue($"{id}: '{text}' names none of {string.Join(", ", conditions[id].FieldNames)}");
                }
            }

            signatures[index] = Signature(plan);
            return local;
        }, local =>
        {
            foreach (var (id, n) in local.Counts)
            {
                idCounts.AddOrUpdate(id, n, (_, old) => old + n);
            }
        });
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        var sampled = new Findings();
        var sample = Sample();
        Parallel.For(0, sample.Count, () => new Dictionary<string, int>(StringComparer.Ordinal), (n, _, counts) =>
        {
            var initiative = sample[n];
            var plan = planner.Plan(initiative);
            sampled.Record(PlanConsistency.Contradictions(initiative, plan), () => System.Text.Json.Nodes.JsonNode.Parse(Json.InitiativeJson.Write(initiative))!.ToJsonString());

            foreach (var id in plan.AllRecommendations.Select(r => r.Id).Concat(plan.AllRisks.Select(r => r.Id)))
            {
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }

            return counts;
        }, counts =>
        {
            foreach (var (id, k) in counts)
            {
                idCounts.AddOrUpdate(id, k, (_, old) => old + k);
            }
        });

        SampleContradictions = sampled.Count;
        SampleExamples = sampled.Lines();
        Planned = (int)planned;
        Refused = (int)refused;
        Contradictions = whole.Count;
        Examples = whole.Lines();
        UnnamedReasons = unnamed;
        IdCounts = idCounts;
        InputEffects = Effects(signatures);
        SecretVersusConfidential = Pairs(signatures, 2, Array.IndexOf(Sensitivities, Confidentiality.Confidential), Array.IndexOf(Sensitivities, Confidentiality.Secret));
        Summary = $"{Combinations} combinations: {Refused} refused, {Planned} planned and checked in {clock.Elapsed.TotalSeconds:0.0} s ({cpu.TotalSeconds:0.0} s of processor time on {Environment.ProcessorCount} cores); "
            + $"{Contradictions} contradictions; {inside} inside, {outside} outside, {hybrids} hybrid; {ties} with a tie shown; {flagged} with a flag.";
    }

    public int Combinations { get; }

    public int Planned { get; }

    public int Refused { get; }

    public int Contradictions { get; }

    public IReadOnlyList<string> Examples { get; }

    public ConcurrentQueue<string> UnnamedReasons { get; }

    public IReadOnlyDictionary<string, int> IdCounts { get; }

    public IReadOnlyDictionary<string, (int Pairs, int Different)> InputEffects { get; }

    public int SampleContradictions { get; }

    public IReadOnlyList<string> SampleExamples { get; }

    public (int Pairs, int Different) SecretVersusConfidential { get; }

    public string Summary { get; }

    /// <summary>The contradictions a sweep found: how many, how often each rule broke, and the first specs that broke them.</summary>
    private sealed class Findings
    {
        private readonly ConcurrentDictionary<string, int> _byRule = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _examples = new();
        private int _count;

        public int Count => _count;

        public void Record(List<string> errors, Func<string> describe)
        {
            if (errors.Count == 0)
            {
                return;
            }

            Interlocked.Add(ref _count, errors.Count);
            foreach (var error in errors)
            {
                _byRule.AddOrUpdate(error, 1, (_, n) => n + 1);
            }

            if (_examples.Count < 50)
            {
                _examples.Enqueue($"{describe()}: {string.Join(" | ", errors)}");
            }
        }

        public IReadOnlyList<string> Lines() => [.. _byRule.OrderByDescending(p => p.Value).Select(p => $"{p.Value} × {p.Key}"), .. _examples];
    }

    /// <summary>Specs with every optional part varied: a cluster (none, or any level and stage), a budget (none, 0, 500 or 10,000,000), a timetable, a licence where one is allowed, an appraisal.</summary>
    private static List<Initiative> Sample()
    {
        var rng = new Random(18);
        var result = new List<Initiative>(SampleSize);
        while (result.Count < SampleSize)
        {
            var v = Digits(rng.Next(Radix.Aggregate(1, (a, r) => a * r)));
            var (goal, kind, sensitivity) = (Goals[v[0]], Kinds[v[1]], Sensitivities[v[2]]);
            if (!Valid(goal, kind, sensitivity))
            {
                continue;
            }

            var cluster = rng.Next(3) == 0 ? null : new ClusterContext(Pick<ClusterLevel>(rng), Pick<ClusterStage>(rng));
            var budget = rng.Next(4) switch { 0 => null, 1 => new Budget(0, "EUR"), 2 => new Budget(500, "EUR"), _ => new Budget(10_000_000, "EUR") };
            var timetable = rng.Next(2) == 0 ? null : new InitiativeTimetable(10, [new InitiativeMilestone("Call closes", 8)]);
            var ipAllowed = sensitivity is Confidentiality.Public or Confidentiality.Internal && kind != TaskKind.Crowdfunding;
            var derivatives = rng.Next(2) == 0;
            var ip = ipAllowed && rng.Next(2) == 0 ? new IpConditions(rng.Next(2) == 0, derivatives, derivatives && rng.Next(2) == 0) : null;
            var appraisal = rng.Next(4) == 0
                ? new Appraisal.AppraisalInput(new Appraisal.AppraisalWeights(100_000, 50_000, doNotCrowdsourceUtility: rng.Next(2) == 0 ? 0 : 40_000),
                    [.. Enum.GetValues<CrowdConfiguration>().Select(c => new Appraisal.ConfigurationEstimate(c, rng.NextDouble(), rng.Next(0, 40) * 1000, rng.Next(1, 20), rng.NextDouble() / 2))])
                : null;
            result.Add(new Initiative("Sample", goal, kind, sensitivity, Distances[v[3]],
                new InitiativeNeeds(Magnitudes[v[4]], Magnitudes[v[5]], Magnitudes[v[6]], Magnitudes[v[7]]), Markets[v[8]], Platforms[v[9]],
                cluster, budget, timetable, ip, appraisal));
        }

        return result;
    }

    private static T Pick<T>(Random rng)
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        return values[rng.Next(values.Length)];
    }

    public static bool Valid(InitiativeGoal goal, TaskKind kind, Confidentiality sensitivity)
        => (goal == InitiativeGoal.Funding) == (kind == TaskKind.Crowdfunding) && (kind != TaskKind.Crowdfunding || sensitivity == Confidentiality.Public);

    private static int[] Digits(int index)
    {
        var v = new int[Radix.Length];
        for (var k = Radix.Length - 1; k >= 0; k--)
        {
            v[k] = index % Radix[k];
            index /= Radix[k];
        }

        return v;
    }

    private static string Describe(int[] v)
        => $"{EnumNames.Of(Goals[v[0]])}/{EnumNames.Of(Kinds[v[1]])}/{EnumNames.Of(Sensitivities[v[2]])}/{EnumNames.Of(Distances[v[3]])}/"
            + $"i{EnumNames.Of(Magnitudes[v[4]])}/c{EnumNames.Of(Magnitudes[v[5]])}/e{EnumNames.Of(Magnitudes[v[6]])}/v{EnumNames.Of(Magnitudes[v[7]])}/{EnumNames.Of(Markets[v[8]])}/{EnumNames.Of(Platforms[v[9]])}";

    private static Dictionary<string, string> Facts(Initiative initiative, RoadmapPlan plan)
    {
        var facts = FactFields.Collect(initiative).ToDictionary();
        facts["topLayer"] = EnumNames.Of(plan.Crowd.TopLayer);
        facts["approach"] = EnumNames.Of(plan.Crowd.Approach);
        facts["configuration"] = EnumNames.Of(plan.Crowd.Configuration);
        facts["external"] = plan.Crowd.External is { } e ? EnumNames.Of(e) : "none";
        facts["motivation"] = EnumNames.Of(plan.Motivation.Option);
        return facts;
    }

    /// <summary>Whether the text names the value of one of the fields the rule's condition tests (or, for an optional part, the part).</summary>
    private static bool NamesAnInput(RuleCondition condition, Dictionary<string, string> facts, string text)
    {
        foreach (var field in condition.FieldNames)
        {
            var words = new List<string>();
            if (facts.TryGetValue(field, out var value))
            {
                words.Add(value);
            }

            words.Add(field.Split('.')[0] switch
            {
                "needs" => field["needs.".Length..],
                "ipPolicy" => "licence",
                "appraisal" => "estimates",
                var part => part,
            });
            if (words.Any(w => text.Contains(w.ToLowerInvariant(), StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An order-independent hash of what the plan advises: its rule ids (with risk priorities and required flags), approach, configurations, top layer and motivation.</summary>
    private static ulong Signature(RoadmapPlan plan)
    {
        var sum = 0UL;
        foreach (var r in plan.AllRecommendations)
        {
            sum += Hash(r.Id, 0);
        }

        foreach (var r in plan.AllRisks)
        {
            sum += Hash(r.Id, 1 + (int)r.Priority);
        }

        foreach (var f in plan.Flags)
        {
            sum += Hash(f.Id, 3);
        }

        foreach (var c in plan.Stages.SelectMany(s => s.Checklist))
        {
            sum += Hash(c.Id, c.Required ? 4 : 5);
        }

        sum += Hash(EnumNames.Of(plan.Crowd.Approach), 6) + Hash(string.Join(",", plan.Crowd.Used.Select(EnumNames.Of)), 7)
            + Hash(EnumNames.Of(plan.Crowd.TopLayer), 8) + Hash(EnumNames.Of(plan.Motivation.Option), 9);
        return sum == 0 ? 1 : sum;
    }

    private static ulong Hash(string text, int salt)
    {
        var hash = 14695981039346656037UL ^ (ulong)salt;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash * 0x9E3779B97F4A7C15UL;
    }

    /// <summary>For every field and every pair of its values: how many valid pairs of specs that differ only there get different plans.</summary>
    private static Dictionary<string, (int Pairs, int Different)> Effects(ulong[] signatures)
    {
        var result = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        for (var k = 0; k < Radix.Length; k++)
        {
            for (var a = 0; a < Radix[k]; a++)
            {
                for (var b = a + 1; b < Radix[k]; b++)
                {
                    result[$"{FieldNames[k]} {Names[k][a]} → {Names[k][b]}"] = Pairs(signatures, k, a, b);
                }
            }
        }

        return result;
    }

    private static (int Pairs, int Different) Pairs(ulong[] signatures, int field, int a, int b)
    {
        var stride = Radix.Skip(field + 1).Aggregate(1, (x, r) => x * r);
        var (pairs, different) = (0, 0);
        for (var index = 0; index < signatures.Length; index++)
        {
            if (index / stride % Radix[field] != a)
            {
                continue;
            }

            var other = index + ((b - a) * stride);
            if (signatures[index] == 0 || signatures[other] == 0)
            {
                continue;
            }

            pairs++;
            if (signatures[index] != signatures[other])
            {
                different++;
            }
        }

        return (pairs, different);
    }
}

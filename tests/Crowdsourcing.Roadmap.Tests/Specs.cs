using System.Text.Json.Nodes;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Json;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>Builds initiative specs for tests: a baseline JSON object changed by "field=value" modifications.</summary>
internal static class Specs
{
    public const string BaselineJson = """
        {
          "name": "Baseline",
          "goal": "innovation",
          "taskKind": "contest",
          "sensitivity": "public",
          "problemDistance": "adjacent",
          "needs": { "insight": "medium", "capability": "medium", "expertise": "medium", "volume": "medium" },
          "market": "b2c",
          "platform": "either"
        }
        """;

    public static string FilePath(string name) => Path.Combine(AppContext.BaseDirectory, "Specs", name + ".json");

    public static Initiative FromFile(string name) => InitiativeJson.Parse(File.ReadAllText(FilePath(name)));

    /// <summary>The spec files beside the tests.</summary>
    public static IReadOnlyList<string> Files { get; } = ["secret-core-b2b-contest", "distant-open-problem-solving", "micro-task-production", "cluster-macro-crowdfunding"];

    /// <summary>The baseline with modifications "field=value;field=value". Fields: any top-level or "needs.x";
    /// "cluster=level/stage"; "timetable=present"; "budget=present" (10,000 EUR) or "budget=500" or "budget=500 USD"; "ipPolicy=yes,no,no" (commercialUse, derivatives, shareAlike).</summary>
    public static Initiative Baseline(string modifications = "") => InitiativeJson.Parse(Json(modifications));

    public static string Json(string modifications)
    {
        var node = JsonNode.Parse(BaselineJson)!.AsObject();
        foreach (var mod in modifications.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (field, value) = (mod[..mod.IndexOf('=')], mod[(mod.IndexOf('=') + 1)..]);
            switch (field)
            {
                case "cluster":
                    var parts = value.Split('/');
                    node["cluster"] = new JsonObject { ["level"] = parts[0], ["stage"] = parts[1] };
                    break;
                case "timetable":
                    node["timetable"] = new JsonObject { ["durationWeeks"] = 12, ["milestones"] = new JsonArray(new JsonObject { ["name"] = "Call closes", ["week"] = 8 }) };
                    break;
                case "budget":
                    var budget = value == "present" ? ["10000", "EUR"] : value.Split(' ');
                    node["budget"] = new JsonObject { ["amount"] = decimal.Parse(budget[0], System.Globalization.CultureInfo.InvariantCulture), ["currency"] = budget.Length > 1 ? budget[1] : "EUR" };
                    break;
                case "ipPolicy":
                    var f = value.Split(',').Select(v => v == "yes").ToArray();
                    node["ipPolicy"] = new JsonObject { ["commercialUse"] = f[0], ["derivatives"] = f[1], ["shareAlike"] = f[2] };
                    break;
                default:
                    if (field.StartsWith("needs.", StringComparison.Ordinal))
                    {
                        node["needs"]![field["needs.".Length..]] = value;
                    }
                    else
                    {
                        node[field] = value;
                    }

                    break;
            }
        }

        return node.ToJsonString();
    }

    /// <summary>A deterministic pool of valid initiatives covering every value of every field.</summary>
    public static IReadOnlyList<Initiative> Pool { get; } = BuildPool();

    private static List<Initiative> BuildPool()
    {
        var rng = new Random(20260101);
        var goals = Enum.GetValues<InitiativeGoal>();
        var kinds = Enum.GetValues<TaskKind>();
        var list = new List<Initiative>();
        for (var i = 0; i < 600; i++)
        {
            var goal = goals[rng.Next(goals.Length)];
            var kind = goal == InitiativeGoal.Funding ? TaskKind.Crowdfunding : kinds.Where(k => k != TaskKind.Crowdfunding).ElementAt(rng.Next(kinds.Length - 1));
            var sensitivity = kind == TaskKind.Crowdfunding ? Confidentiality.Public : Pick<Confidentiality>(rng);
            ClusterContext? cluster = rng.Next(3) == 0 ? new ClusterContext(Pick<ClusterLevel>(rng), Pick<ClusterStage>(rng)) : null;
            IpConditions? ip = sensitivity is Confidentiality.Public or Confidentiality.Internal && kind != TaskKind.Crowdfunding && rng.Next(3) == 0
                ? (rng.Next(2) == 0 ? new IpConditions(rng.Next(2) == 0, false, false) : new IpConditions(rng.Next(2) == 0, true, rng.Next(2) == 0))
                : null;
            list.Add(new Initiative(
                $"Pool {i}",
                goal,
                kind,
                sensitivity,
                Pick<ProblemDistance>(rng),
                new InitiativeNeeds(Pick<Magnitude>(rng), Pick<Magnitude>(rng), Pick<Magnitude>(rng), Pick<Magnitude>(rng)),
                Pick<Market>(rng),
                Pick<PlatformPreference>(rng),
                cluster,
                rng.Next(3) switch { 0 => new Budget(5000, "EUR"), 1 => new Budget(0, "EUR"), _ => null },
                rng.Next(2) == 0 ? new InitiativeTimetable(8, [new InitiativeMilestone("Close", 6)]) : null,
                ip));
        }

        return list;
    }

    private static T Pick<T>(Random rng) where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        return values[rng.Next(values.Length)];
    }
}

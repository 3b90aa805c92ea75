using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Json;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Simulation;
using Crowdsourcing.Serialization;
using Spectre.Console;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>simulate</c>: runs a campaign week by week; with no --policy, compares none and myopic side by side.</summary>
internal static class SimulateCommand
{
    public static Command Create(CliContext context)
    {
        var preset = CommonOptions.Preset();
        var model = CommonOptions.Model();
        var policy = new Option<string?>("--policy")
        {
            Description = "Contact policy: none, myopic, response-aware, planned (the POMDP policy for the workshop week) or least-spend (reach --threshold by the workshop week at the least expected spend). Without it, none and myopic are compared side by side.",
            HelpName = "name",
        };
        policy.AcceptOnlyFromAmong([.. EnumNames.All<ContactPolicyKind>()]);
        var workshopWeek = new Option<int?>("--workshop-week", "--horizon") { Description = "The workshop week W that planned and least-spend plan for (default: --weeks); nobody is contacted after it. Only with --policy planned or least-spend.", HelpName = "week" };
        var budget = new Option<double?>("--budget") { Description = "A budget per cycle for the policy: at most this many contacts, or this much money with --budget-kind money.", HelpName = "amount" };
        var budgetKind = new Option<string>("--budget-kind") { Description = "What --budget limits: count (contacts) or money.", DefaultValueFactory = _ => EnumNames.Of(BudgetKind.Contacts), HelpName = "kind" };
        budgetKind.AcceptOnlyFromAmong([.. EnumNames.All<BudgetKind>()]);
        var mode = new Option<string>("--mode") { Description = "expected (the exact expectation) or monte-carlo (seeded sampling).", DefaultValueFactory = _ => "expected" };
        mode.AcceptOnlyFromAmong("expected", "monte-carlo");
        var seed = new Option<int>("--seed") { Description = "The Monte Carlo seed.", DefaultValueFactory = _ => 1 };
        var maxClasses = new Option<int>("--max-classes") { Description = "Expected mode: the most weighted classes kept per week; with noisy reports, classes with close beliefs merge beyond it and the result says it is approximate.", DefaultValueFactory = _ => SimulationOptions.DefaultMaxClasses, HelpName = "count" };
        var runs = new Option<int>("--runs") { Description = "Monte Carlo runs; the output gives the mean and the standard deviation.", DefaultValueFactory = _ => 1 };
        var participants = new Option<int?>("--participants") { Description = "Participants (default: the scenario's, 560 for the preset)." };
        var weeks = new Option<int?>("--weeks") { Description = "Weekly cycles (default: the scenario's, 20 for the preset)." };
        var threshold = new Option<double?>("--threshold") { Description = "Workshop threshold on the total expected utility (default: the scenario's, 9000 for the preset); least-spend reaches it by the workshop week." };
        var nonResponders = new Option<string>("--non-responders")
        {
            Description = "Belief update of contacted non-responders: intervention (b·C) or passive (b·T, the paper's literal wording).",
            DefaultValueFactory = _ => "intervention",
        };
        nonResponders.AcceptOnlyFromAmong("intervention", "passive");
        var format = CommonOptions.Format("table", "json", "csv");
        var plots = new Option<DirectoryInfo?>("--plots")
        {
            Description = "Also write the time series as an SVG chart, total-expected-utility.svg, into this directory (created when missing), and, for a three-state model, the simplex maps of MEU, MEU with the first intervention and its value (fig06, fig08, fig09).",
            HelpName = "dir",
        };

        var command = new Command(
            "simulate",
            "Simulate a campaign week by week: total expected utility, contacts, responses, spend, net utility, and the week the workshop threshold is first reached.\n\n"
            + "Every policy takes a budget per cycle (--budget, --budget-kind). Planned and least-spend plan for the workshop week and replan every cycle from the current beliefs; with a budget, or for least spend, the JSON weeks carry each cycle's plan: its forecast, its Lagrangian bound and the gap.\n\n"
            + "Examples:\n  crowdsourcing simulate\n  crowdsourcing simulate --plots plots\n  crowdsourcing simulate --policy planned --workshop-week 20 --format json\n"
            + "  crowdsourcing simulate --policy least-spend --threshold 9000 --workshop-week 11\n  crowdsourcing simulate --policy myopic --budget 50\n"
            + "  crowdsourcing simulate --policy planned --workshop-week 11 --budget 300 --budget-kind money --format json\n  crowdsourcing simulate --policy myopic --mode monte-carlo --runs 100 --seed 1")
        {
            preset, model, policy, workshopWeek, mode, seed, runs, maxClasses, participants, weeks, threshold, budget, budgetKind, nonResponders, format, plots,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            var document = CommonOptions.LoadModel(parseResult, preset, model);
            var scenario = document.Scenario ?? DefaultScenario(document.Model);
            var n = parseResult.GetValue(participants);
            var w = parseResult.GetValue(weeks);
            var runCount = parseResult.GetValue(runs);
            if (n is < 1)
            {
                throw new CliException($"--participants must be at least 1; got {n}");
            }

            if (w is < 1)
            {
                throw new CliException($"--weeks must be at least 1; got {w}");
            }

            if (runCount < 1)
            {
                throw new CliException($"--runs must be at least 1; got {runCount}");
            }

            var classBound = parseResult.GetValue(maxClasses);
            if (classBound < 1)
            {
                throw new CliException($"--max-classes must be at least 1; got {classBound}");
            }

            scenario = scenario.With(n, w, parseResult.GetValue(threshold));
            var monteCarlo = parseResult.GetValue(mode) == "monte-carlo";
            var policyName = parseResult.GetValue(policy);
            var w0 = parseResult.GetValue(workshopWeek);
            var kind = policyName is null ? ContactPolicyKind.Myopic : EnumNames.Parse<ContactPolicyKind>(policyName, "--policy");
            if (w0 is not null && kind is not (ContactPolicyKind.Planned or ContactPolicyKind.LeastSpend))
            {
                throw new CliException("--workshop-week applies only to --policy planned or least-spend");
            }

            if (w0 is < 0)
            {
                throw new CliException($"--workshop-week must be at least 0; got {w0}");
            }

            var cycleBudget = Budget(parseResult, budget, budgetKind);
            var settings = new ContactPolicyOptions { Kind = kind, WorkshopWeek = w0 ?? scenario.Weeks, Threshold = scenario.Threshold, Budget = cycleBudget };
            var policies = policyName is null
                ? new[] { ContactPolicies.None, ContactPolicies.Create(document.Model, settings) }
                : [ContactPolicies.Create(document.Model, settings)];
            var options = new SimulationOptions
            {
                Mode = monteCarlo ? SimulationMode.MonteCarlo : SimulationMode.Expected,
                Seed = parseResult.GetValue(seed),
                Runs = runCount,
                MaxClasses = classBound,
                NonResponderUpdate = parseResult.GetValue(nonResponders) == "passive" ? NonResponderUpdate.PassiveDynamics : NonResponderUpdate.InterventionDynamics,
            };

            if (parseResult.GetValue(plots) is { } plotsDirectory && File.Exists(plotsDirectory.FullName))
            {
                throw new CliException($"--plots '{plotsDirectory.FullName}' is a file; expected a directory");
            }

            var results = Run(context, document.Model, scenario, policies, options, cancellationToken);
            var plotPaths = parseResult.GetValue(plots) is { } plotDirectory ? WritePlots(plotDirectory, document, scenario, results, options) : [];
            switch (parseResult.GetValue(format))
            {
                case "json":
                    WriteJson(context, results, options, cycleBudget, kind is ContactPolicyKind.Planned or ContactPolicyKind.LeastSpend ? settings.WorkshopWeek : null);
                    break;
                case "csv":
                    WriteCsv(context, results);
                    break;
                default:
                    WriteTable(context, document, scenario, results);
                    break;
            }

            foreach (var plotPath in plotPaths)
            {
                // The table is for people, so the paths go with it; JSON and CSV keep standard output for the data.
                (parseResult.GetValue(format) == "table" ? context.Output : context.Error).WriteLine($"wrote {plotPath}");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>
    /// Writes the total expected utility of every simulated policy as <c>total-expected-utility.svg</c> into
    /// <paramref name="directory"/>, and for a three-state model the simplex maps of the first intervention.
    /// </summary>
    private static List<string> WritePlots(DirectoryInfo directory, DecisionDocument document, SimulationScenario scenario, SimulationResult[] results, SimulationOptions options)
    {
        var first = results[0];
        var mode = first.Mode == SimulationMode.Expected
            ? "expected mode"
            : string.Create(CultureInfo.InvariantCulture, $"monte-carlo, {(first.Runs == 1 ? "one run" : $"the mean of {first.Runs} runs")} (seed {options.Seed})");
        var caption = string.Create(CultureInfo.InvariantCulture, $"{document.Name ?? "model"}: {CommonOptions.Count(scenario.Participants, "participant")}, {CommonOptions.Count(scenario.Weeks, "week")}, {mode}.");
        var figures = new List<Plotting.Figure> { Plotting.PaperFigures.TotalExpectedUtility(results, caption, "total-expected-utility.svg") };
        if (document.Model.StateCount == 3)
        {
            figures.AddRange(Plotting.PaperFigures.Simplex(document.Model));
        }

        CliPaths.CreateDirectory(directory, "--plots");
        var paths = new List<string>(figures.Count);
        foreach (var figure in figures)
        {
            var path = Path.Combine(directory.FullName, figure.FileName);
            CliPaths.WriteText(path, figure.Svg, "--plots");
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>The budget of <c>--budget</c> and <c>--budget-kind</c>, or <see langword="null"/>.</summary>
    internal static CycleBudget? Budget(ParseResult parseResult, Option<double?> budget, Option<string> budgetKind)
    {
        var amount = parseResult.GetValue(budget);
        if (amount is null)
        {
            if (parseResult.GetResult(budgetKind) is { Implicit: false })
            {
                throw new CliException("--budget-kind applies only with --budget");
            }

            return null;
        }

        if (!double.IsFinite(amount.Value) || amount < 0)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--budget must be a non-negative number; got {amount}"));
        }

        return new CycleBudget(EnumNames.Parse<BudgetKind>(parseResult.GetValue(budgetKind), "--budget-kind"), amount.Value);
    }

    internal static SimulationScenario DefaultScenario(DecisionModel model) =>
        new(560, [.. Enumerable.Range(0, model.StateCount).Select(i => i == 0 ? 1.0 : 0.0)], 20, 9000);

    private static SimulationResult[] Run(CliContext context, DecisionModel model, SimulationScenario scenario, ContactPolicy[] policies, SimulationOptions options, CancellationToken cancellationToken)
    {
        var results = new SimulationResult[policies.Length];
        var slow = options.Mode == SimulationMode.MonteCarlo && (long)scenario.Participants * scenario.Weeks * options.Runs > 20_000_000;
        if (!context.Interactive || !slow)
        {
            for (var i = 0; i < policies.Length; i++)
            {
                results[i] = Simulator.Run(model, scenario, options with { Policy = policies[i] }, null, cancellationToken);
            }

            return results;
        }

        context.ErrorConsole.Progress().Start(progress =>
        {
            for (var i = 0; i < policies.Length; i++)
            {
                var task = progress.AddTask($"{policies[i].Name}: {scenario.Participants:N0} participants × {scenario.Weeks} weeks × {CommonOptions.Count(options.Runs, "run")}", maxValue: 1);
                var reporter = new Progress<double>(v => task.Value = v);
                results[i] = Simulator.Run(model, scenario, options with { Policy = policies[i] }, reporter, cancellationToken);
                task.Value = 1;
            }
        });
        return results;
    }

    private static void WriteJson(CliContext context, SimulationResult[] results, SimulationOptions options, CycleBudget? budget, int? workshopWeek)
    {
        CommonOptions.WriteJson(context, writer =>
        {
            var main = results[^1];
            writer.WriteStartObject();
            WriteResultProperties(writer, main, options);
            if (workshopWeek is { } week)
            {
                writer.WriteNumber("workshopWeek", week);
            }

            if (budget is not null)
            {
                writer.WriteStartObject("budget");
                writer.WriteString("kind", EnumNames.Of(budget.Kind));
                writer.WriteNumber("amount", budget.Amount);
                writer.WriteEndObject();
            }

            if (results.Length > 1)
            {
                writer.WriteStartArray("compared");
                foreach (var other in results[..^1])
                {
                    writer.WriteStartObject();
                    WriteResultProperties(writer, other, options);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        });
    }

    private static void WriteResultProperties(Utf8JsonWriter writer, SimulationResult result, SimulationOptions options)
    {
        writer.WriteString("policy", result.Policy);
        writer.WriteString("mode", result.Mode == SimulationMode.Expected ? "expected" : "monte-carlo");
        writer.WriteNumber("participants", result.Participants);
        writer.WriteNumber("runs", result.Runs);
        if (result.Mode == SimulationMode.MonteCarlo)
        {
            writer.WriteNumber("seed", options.Seed);
        }

        if (result.Mode == SimulationMode.Expected)
        {
            writer.WriteNumber("mergedClasses", result.MergedClasses);
        }

        writer.WriteNumber("threshold", result.Threshold);
        writer.WriteString("nonResponderUpdate", result.NonResponderUpdate == NonResponderUpdate.PassiveDynamics ? "passive" : "intervention");
        if (result.ThresholdCrossedWeek is { } crossed)
        {
            writer.WriteNumber("thresholdCrossedWeek", crossed);
        }
        else
        {
            writer.WriteNull("thresholdCrossedWeek");
        }

        writer.WriteStartArray("weeks");
        var spent = 0.0;
        foreach (var week in result.Weeks)
        {
            spent += week.Spend;
            writer.WriteStartObject();
            writer.WriteNumber("week", week.Week);
            writer.WriteNumber("totalExpectedUtility", CommonOptions.Figure(week.TotalExpectedUtility));
            if (result.Mode == SimulationMode.MonteCarlo)
            {
                writer.WriteNumber("totalExpectedUtilityStandardDeviation", CommonOptions.StandardDeviation(week.TotalExpectedUtilityStandardDeviation, week.TotalExpectedUtility));
            }

            writer.WriteNumber("contacts", week.Contacts);
            writer.WriteNumber("responses", week.Responses);
            writer.WriteNumber("spend", week.Spend);
            writer.WriteNumber("netUtility", week.TotalExpectedUtility - spent);
            if (week.Week >= 1 && week.Week <= result.PolicyReports.Count)
            {
                WriteReport(writer, result.PolicyReports[week.Week - 1]);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (result.Mode == SimulationMode.MonteCarlo)
        {
            writer.WriteStartArray("runThresholdCrossedWeeks");
            foreach (var week in result.RunThresholdCrossedWeeks)
            {
                if (week is { } value)
                {
                    writer.WriteNumberValue(value);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>A cycle's budget and plan, for the JSON weeks (nothing for policies without either).</summary>
    internal static void WriteReport(Utf8JsonWriter writer, PolicyCycleReport report)
    {
        if (report.Budget is not null)
        {
            writer.WriteNumber("budgetUsed", report.BudgetUsed);
            writer.WriteNumber("budgetPrice", report.BudgetPrice);
            writer.WriteBoolean("exact", report.Exact);
        }

        if (report.Plan is { } plan)
        {
            writer.WriteStartObject("plan");
            WritePlan(writer, plan);
            writer.WriteEndObject();
        }
    }

    /// <summary>A plan's forecast, bound and gap.</summary>
    internal static void WritePlan(Utf8JsonWriter writer, PopulationPlan plan)
    {
        writer.WriteString("objective", EnumNames.Of(plan.Objective));
        writer.WriteNumber("weeksToWorkshop", plan.CyclesLeft);
        writer.WriteBoolean("reachable", plan.Reachable);
        writer.WriteNumber("expectedTotal", plan.ExpectedTotal);
        writer.WriteNumber("expectedSpend", plan.ExpectedSpend);
        writer.WriteNumber("value", plan.Value);
        writer.WriteNumber("bound", plan.Bound);
        writer.WriteNumber("gap", plan.Gap);
        if (plan.SpendWeight is { } weight)
        {
            writer.WriteNumber("spendWeight", weight);
        }

        writer.WriteNumber("plansMixed", plan.PlansMixed);
        writer.WriteNumber("iterations", plan.Iterations);
        writer.WriteBoolean("converged", plan.Converged);
        if (plan.Budget is not null)
        {
            writer.WriteStartArray("cyclePrices");
            foreach (var cycle in plan.Cycles)
            {
                writer.WriteNumberValue(cycle.Price);
            }

            writer.WriteEndArray();
        }
    }

    private static void WriteCsv(CliContext context, SimulationResult[] results)
    {
        var output = context.Output;
        output.WriteLine("policy,week,totalExpectedUtility,totalExpectedUtilityStandardDeviation,contacts,responses,spend,netUtility");
        foreach (var result in results)
        {
            var spent = 0.0;
            foreach (var w in result.Weeks)
            {
                spent += w.Spend;
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{result.Policy},{w.Week},{w.TotalExpectedUtility:R},{CommonOptions.StandardDeviation(w.TotalExpectedUtilityStandardDeviation, w.TotalExpectedUtility):R},{w.Contacts:R},{w.Responses:R},{w.Spend:R},{w.TotalExpectedUtility - spent:R}"));
            }
        }
    }

    private static void WriteTable(CliContext context, DecisionDocument document, SimulationScenario scenario, SimulationResult[] results)
    {
        var first = results[0];
        var mc = first.Mode == SimulationMode.MonteCarlo;
        var title = string.Create(
            CultureInfo.InvariantCulture,
            $"{document.Name ?? "model"}: {CommonOptions.Count(scenario.Participants, "participant")}, {CommonOptions.Count(scenario.Weeks, "week")}, threshold {scenario.Threshold:N0}, {(mc ? $"monte-carlo ({CommonOptions.Count(first.Runs, "run")})" : "expected")}");
        var table = new Table().Title(Markup.Escape(title)).AddColumn(new TableColumn("Week").RightAligned());
        foreach (var r in results)
        {
            table.AddColumn(new TableColumn(Markup.Escape($"{r.Policy}: total EU")).RightAligned());
            if (mc && r.Runs > 1)
            {
                table.AddColumn(new TableColumn(Markup.Escape($"{r.Policy}: ± sd")).RightAligned());
            }

            if (r.Policy != "none")
            {
                table.AddColumn(new TableColumn(Markup.Escape($"{r.Policy}: contacts")).RightAligned());
                table.AddColumn(new TableColumn(Markup.Escape($"{r.Policy}: responses")).RightAligned());
                table.AddColumn(new TableColumn(Markup.Escape($"{r.Policy}: spend")).RightAligned());
            }
        }

        for (var t = 0; t < first.Weeks.Count; t++)
        {
            var cells = new List<string> { t.ToString(CultureInfo.InvariantCulture) };
            foreach (var r in results)
            {
                var w = r.Weeks[t];
                var reached = Simulator.Reaches(w.TotalExpectedUtility, r.Threshold);
                var total = CommonOptions.Number(w.TotalExpectedUtility, "N1");
                cells.Add(reached ? $"[bold]{total}[/]" : total);
                if (mc && r.Runs > 1)
                {
                    cells.Add(CommonOptions.Number(CommonOptions.StandardDeviation(w.TotalExpectedUtilityStandardDeviation, w.TotalExpectedUtility), "N1"));
                }

                if (r.Policy != "none")
                {
                    cells.Add(CommonOptions.Number(w.Contacts, "N1"));
                    cells.Add(CommonOptions.Number(w.Responses, "N1"));
                    cells.Add(CommonOptions.Number(w.Spend, "N1"));
                }
            }

            table.AddRow(cells.ToArray());
        }

        context.Console.Write(table);
        foreach (var r in results)
        {
            var line = r.ThresholdCrossedWeek is { } week
                ? string.Create(CultureInfo.InvariantCulture, $"{r.Policy}: the total reaches {r.Threshold:N0} in week {week}.")
                : string.Create(CultureInfo.InvariantCulture, $"{r.Policy}: the total never reaches {r.Threshold:N0} (highest {r.Weeks.Max(x => x.TotalExpectedUtility):N1}).");
            context.Console.WriteLine(line);
            if (r.IsApproximate)
            {
                context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Policy}: approximate: {r.MergedClasses:N0} classes merged to stay within --max-classes (noisy reports leave a belief per report)."));
            }

            if (r.PolicyReports.FirstOrDefault(x => x.Plan is not null)?.Plan is { } plan)
            {
                context.Console.WriteLine(PlanLine(r.Policy, plan));
            }

            var binding = r.PolicyReports.Where(x => x.Budget is not null && x.BudgetPrice > 0).ToList();
            if (FirstReport(r)?.Budget is { } budget)
            {
                context.Console.WriteLine(binding.Count == 0
                    ? $"{r.Policy} ({budget}): the budget never binds."
                    : string.Create(CultureInfo.InvariantCulture, $"{r.Policy} ({budget}): binds in {CommonOptions.Count(binding.Count, "cycle")}; price per unit {string.Join(", ", binding.Select(x => $"week {x.Cycle}: {x.BudgetPrice:0.###}"))}."));
            }
        }
    }

    /// <summary>The report of a simulation's first cycle, or <see langword="null"/>.</summary>
    internal static PolicyCycleReport? FirstReport(SimulationResult result) => result.PolicyReports.Count > 0 ? result.PolicyReports[0] : null;

    /// <summary>One line on a cycle's plan: its forecast, its Lagrangian bound and the gap.</summary>
    internal static string PlanLine(string policy, PopulationPlan plan) => plan.Objective == PlanObjective.LeastSpend && plan.Reachable
        ? string.Create(CultureInfo.InvariantCulture, $"{policy}: the plan for the {CommonOptions.Count(plan.CyclesLeft, "week")} to the workshop reaches {plan.ExpectedTotal:N1} for an expected spend of {plan.ExpectedSpend:N1}; no plan spends less than {plan.Bound:N1} (gap {plan.Gap:G3}){(plan.SpendWeight is { } w ? $"; price on spend {w:0.####}" : string.Empty)}.")
        : plan.Objective == PlanObjective.LeastSpend
            ? string.Create(CultureInfo.InvariantCulture, $"{policy}: the threshold {plan.Threshold:N0} cannot be reached in {CommonOptions.Count(plan.CyclesLeft, "week")}{(plan.Budget is null ? string.Empty : " within the budget")}; the plan reaches {plan.ExpectedTotal:N1} at most.")
            : string.Create(CultureInfo.InvariantCulture, $"{policy}: the plan for the {CommonOptions.Count(plan.CyclesLeft, "week")} to the workshop forecasts a net utility of {plan.Value:N1}; no plan does better than {plan.Bound:N1} (gap {plan.Gap:G3}).");
}

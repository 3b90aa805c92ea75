using System.CommandLine;
using System.Globalization;
using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Json;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Simulation;
using Crowdsourcing.Serialization;
using Spectre.Console;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>plan</c>: the planned policies against none, myopic and response-aware; least spend to the threshold with its bound; optionally a budget and the earliest workshop.</summary>
internal static class PlanCommand
{
    public static Command Create(CliContext context)
    {
        var preset = CommonOptions.Preset();
        var model = CommonOptions.Model();
        var horizon = new Option<int?>("--workshop-week", "--horizon") { Description = "H, the workshop week every policy is compared at (default: the scenario's weeks, 20 for the presets).", HelpName = "week" };
        var budget = new Option<double?>("--budget") { Description = "A budget per cycle: also compare the budgeted form of each policy (myopic and response-aware knapsacks, planned and least spend with a price per cycle).", HelpName = "amount" };
        var budgetKind = new Option<string>("--budget-kind") { Description = "What --budget limits: count (contacts) or money.", DefaultValueFactory = _ => EnumNames.Of(BudgetKind.Contacts), HelpName = "kind" };
        budgetKind.AcceptOnlyFromAmong([.. EnumNames.All<BudgetKind>()]);
        var threshold = new Option<double?>("--threshold") { Description = "The threshold least spend must reach at the workshop week (default: the scenario's, 9000 for the presets); when given, also the earliest week it can be reached.", HelpName = "utility" };
        var format = CommonOptions.Format("table", "json");
        var command = new Command(
            "plan",
            "Compare the contact policies with the workshop at week H: none, myopic, response-aware, planned (net utility) and least spend to the threshold, by expected total utility at week H, contact spend, net utility and the week the threshold is reached.\n\n"
            + "Least spend mixes, within every belief class, the two plans either side of the critical price on spend, so its expected spend equals the Lagrangian lower bound, reported beside it. With a budget, planned and least spend price every cycle's budget (one multiplier per cycle) and report the gap to their bound.\n\n"
            + "Examples:\n  crowdsourcing plan --workshop-week 20\n  crowdsourcing plan --workshop-week 11 --threshold 9000\n  crowdsourcing plan --preset crowdarb-multichannel --budget 50 --format json\n"
            + "  crowdsourcing plan --workshop-week 8 --budget 600 --budget-kind money\n  crowdsourcing plan --horizon 20")
        {
            preset, model, horizon, budget, budgetKind, threshold, format,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            var document = CommonOptions.LoadModel(parseResult, preset, model);
            var scenario = document.Scenario ?? SimulateCommand.DefaultScenario(document.Model);
            var h = parseResult.GetValue(horizon) ?? scenario.Weeks;
            if (h < 1)
            {
                throw new CliException($"--workshop-week must be at least 1; got {h}");
            }

            var cycleBudget = SimulateCommand.Budget(parseResult, budget, budgetKind);
            var given = parseResult.GetValue(threshold);
            if (given is { } t0 && !double.IsFinite(t0))
            {
                throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--threshold must be a finite number; got {t0}"));
            }

            var target = given ?? scenario.Threshold;
            var comparison = PolicyComparison.Run(document.Model, scenario, h, new PolicyComparisonOptions { Threshold = target, Budget = cycleBudget }, cancellationToken);
            var earliest = given is { } t ? EarliestWorkshop.Find(document.Model, scenario, t, h, cancellationToken: cancellationToken) : null;
            if (parseResult.GetValue(format) == "json")
            {
                WriteJson(context, comparison, target, cycleBudget, earliest);
            }
            else
            {
                WriteTable(context, document, scenario, comparison, target, cycleBudget, earliest);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void WriteJson(CliContext context, PolicyComparison comparison, double threshold, CycleBudget? budget, EarliestWorkshopResult? earliest)
    {
        CommonOptions.WriteJson(context, writer =>
        {
            var solution = comparison.Solution;
            writer.WriteStartObject();
            writer.WriteNumber("horizon", comparison.Horizon);
            writer.WriteNumber("threshold", threshold);
            writer.WriteStartObject("solver");
            writer.WriteString("method", solution.Method == PomdpSolverMethod.Exact ? "exact" : "point-based");
            writer.WriteNumber("errorBoundPerParticipant", solution.ErrorBound);
            writer.WriteNumber("alphaVectors", solution.AlphaVectorCounts[^1]);
            writer.WriteNumber("predictedNetUtility", comparison.PlannedPredictedNetUtility);
            writer.WriteEndObject();
            writer.WriteStartArray("policies");
            foreach (var o in comparison.Outcomes)
            {
                writer.WriteStartObject();
                writer.WriteString("policy", o.Policy);
                writer.WriteNumber("totalExpectedUtility", o.TotalExpectedUtility);
                writer.WriteNumber("spend", o.Spend);
                writer.WriteNumber("netUtility", o.NetUtility);
                writer.WriteNumber("contacts", o.Contacts);
                if (o.ThresholdCrossedWeek is { } w)
                {
                    writer.WriteNumber("thresholdCrossedWeek", w);
                }
                else
                {
                    writer.WriteNull("thresholdCrossedWeek");
                }

                if (o.FirstPlan is { } plan)
                {
                    writer.WriteStartObject("plan");
                    SimulateCommand.WritePlan(writer, plan);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (budget is not null)
            {
                writer.WriteStartObject("budget");
                writer.WriteString("kind", EnumNames.Of(budget.Kind));
                writer.WriteNumber("amount", budget.Amount);
                foreach (var o in comparison.Outcomes.Where(o => SimulateCommand.FirstReport(o.Simulation)?.Budget is not null))
                {
                    writer.WriteStartArray(o.Policy);
                    foreach (var r in o.Simulation.PolicyReports)
                    {
                        writer.WriteStartObject();
                        writer.WriteNumber("cycle", r.Cycle);
                        writer.WriteNumber("price", r.BudgetPrice);
                        writer.WriteNumber("used", r.BudgetUsed);
                        if (r.Candidates is { } candidates)
                        {
                            writer.WriteNumber("candidates", candidates);
                        }

                        writer.WriteBoolean("exact", r.Exact);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            if (earliest is not null)
            {
                writer.WriteStartObject("earliestWorkshop");
                writer.WriteNumber("threshold", earliest.Threshold);
                writer.WriteBoolean("reachable", earliest.Reachable);
                if (earliest.Week is { } week)
                {
                    writer.WriteNumber("week", week);
                    writer.WriteNumber("spendWeight", earliest.SpendWeight);
                    writer.WriteNumber("expectedTotal", earliest.ExpectedTotal);
                    writer.WriteNumber("expectedSpend", earliest.ExpectedSpend);
                    writer.WriteNumber("spendLowerBound", earliest.SpendLowerBound);
                    writer.WriteStartArray("plan");
                    foreach (var w in earliest.Plan!.Weeks)
                    {
                        writer.WriteStartObject();
                        writer.WriteNumber("week", w.Week);
                        writer.WriteNumber("totalExpectedUtility", w.TotalExpectedUtility);
                        writer.WriteNumber("contacts", w.Contacts);
                        writer.WriteNumber("spend", w.Spend);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteNull("week");
                }

                writer.WriteStartArray("maximumTotals");
                foreach (var m in earliest.MaximumTotals)
                {
                    writer.WriteNumberValue(m);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });
    }

    private static void WriteTable(CliContext context, DecisionDocument document, SimulationScenario scenario, PolicyComparison comparison, double threshold, CycleBudget? budget, EarliestWorkshopResult? earliest)
    {
        var title = string.Create(CultureInfo.InvariantCulture, $"{document.Name ?? "model"}: {CommonOptions.Count(scenario.Participants, "participant")}, workshop at week {comparison.Horizon}, threshold {threshold:N0} (expected mode)");
        var table = new Table().Title(Markup.Escape(title))
            .AddColumn("Policy")
            .AddColumn(new TableColumn("Total EU at week H").RightAligned())
            .AddColumn(new TableColumn("Contacts").RightAligned())
            .AddColumn(new TableColumn("Spend").RightAligned())
            .AddColumn(new TableColumn("Net utility").RightAligned())
            .AddColumn(new TableColumn("Threshold reached").RightAligned());
        var best = comparison.Outcomes.Max(o => o.NetUtility);
        foreach (var o in comparison.Outcomes)
        {
            var net = CommonOptions.Number(o.NetUtility, "N1");
            table.AddRow(
                Markup.Escape(o.Policy),
                CommonOptions.Number(o.TotalExpectedUtility, "N1"),
                CommonOptions.Number(o.Contacts, "N1"),
                CommonOptions.Number(o.Spend, "N1"),
                o.NetUtility >= best - 1e-6 ? $"[bold]{net}[/]" : net,
                o.ThresholdCrossedWeek is { } week ? string.Create(CultureInfo.InvariantCulture, $"week {week}") : "no");
        }

        context.Console.Write(table);
        context.Console.WriteLine($"Planner: {Describe(comparison.Solution)}; predicted net {CommonOptions.Number(comparison.PlannedPredictedNetUtility, "N1")}.");
        foreach (var o in comparison.Outcomes)
        {
            if (o.FirstPlan is { } plan)
            {
                context.Console.WriteLine(SimulateCommand.PlanLine(o.Policy, plan));
            }
        }

        if (budget is not null)
        {
            foreach (var o in comparison.Outcomes.Where(o => SimulateCommand.FirstReport(o.Simulation)?.Budget is not null))
            {
                var binding = o.Simulation.PolicyReports.Where(r => r.BudgetPrice > 0).ToList();
                context.Console.WriteLine(binding.Count == 0
                    ? $"{o.Policy} ({budget}): the budget never binds."
                    : string.Create(CultureInfo.InvariantCulture, $"{o.Policy} ({budget}): binds in {CommonOptions.Count(binding.Count, "cycle")}; price per unit {string.Join(", ", binding.Select(r => $"week {r.Cycle}: {r.BudgetPrice:0.###}"))}."));
            }
        }

        if (earliest is not null)
        {
            context.Console.WriteLine(earliest.Week is { } week
                ? string.Create(CultureInfo.InvariantCulture, $"Earliest workshop for {earliest.Threshold:N0}: week {week}; least spend reaches {earliest.ExpectedTotal:N1} for an expected spend of {earliest.ExpectedSpend:N1}, the Lagrangian bound {earliest.SpendLowerBound:N1} (price on spend {earliest.SpendWeight:0.####}).")
                : string.Create(CultureInfo.InvariantCulture, $"Earliest workshop for {earliest.Threshold:N0}: not reachable within {earliest.Horizon} weeks (highest possible expected total {earliest.MaximumTotals.Max():N1})."));
        }
    }

    /// <summary>The solver's summary, e.g. <c>exact, H = 20, 1 alpha vector at h = 20, error bound 4E-07</c>.</summary>
    private static string Describe(PomdpSolution solution) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(solution.Method == PomdpSolverMethod.Exact ? "exact" : $"point-based (grid m = {solution.GridResolution}, {CommonOptions.Count(solution.GridPoints, "point")})")}, H = {solution.Horizon}, {CommonOptions.Count(solution.AlphaVectorCounts[^1], "alpha vector")} at h = {solution.Horizon}, error bound {solution.ErrorBound:G3}");
}

using System.CommandLine;
using System.Globalization;
using Crowdsourcing.Decision.Budgets;
using Crowdsourcing.Decision.Json;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Simulation;
using Spectre.Console;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>plan</c>: the planned policy against none, myopic and response-aware; optionally a budget and the earliest workshop.</summary>
internal static class PlanCommand
{
    public static Command Create(CliContext context)
    {
        var preset = CommonOptions.Preset();
        var model = CommonOptions.Model();
        var horizon = new Option<int?>("--horizon") { Description = "H, the workshop week (default: the scenario's weeks, 20 for the presets).", HelpName = "weeks" };
        var budget = new Option<double?>("--budget") { Description = "A budget per cycle: compare the myopic knapsack and the planned policy priced by bisection.", HelpName = "amount" };
        var budgetKind = new Option<string>("--budget-kind") { Description = "What --budget limits: contacts or money.", DefaultValueFactory = _ => "contacts" };
        budgetKind.AcceptOnlyFromAmong("contacts", "money");
        var threshold = new Option<double?>("--threshold") { Description = "Find the earliest week the expected total can reach this threshold, and the least-spend plan.", HelpName = "utility" };
        var format = CommonOptions.Format("table", "json");
        var command = new Command(
            "plan",
            "Solve the planned (POMDP) contact policy until the workshop week and compare it with none, myopic and response-aware: expected total utility at week H, contact spend, net utility.\n\n"
            + "Examples:\n  crowdsourcing plan --horizon 20\n  crowdsourcing plan --preset crowdarb-multichannel --budget 50 --format json\n  crowdsourcing plan --threshold 9000")
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
                throw new CliException($"--horizon must be at least 1; got {h}");
            }

            var amount = parseResult.GetValue(budget);
            if (amount is < 0)
            {
                throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--budget must be non-negative; got {amount}"));
            }

            var comparison = PolicyComparison.Run(document.Model, scenario, h, cancellationToken: cancellationToken);
            var outcomes = comparison.Outcomes.ToList();
            var prices = new List<(string Policy, IReadOnlyList<BudgetCycleReport> Reports)>();
            CycleBudget? cycleBudget = null;
            if (amount is { } b)
            {
                cycleBudget = new CycleBudget(parseResult.GetValue(budgetKind) == "money" ? BudgetKind.Money : BudgetKind.Contacts, b);
                foreach (var policy in new[] { BudgetedPolicy.Myopic(cycleBudget), BudgetedPolicy.Planned(new PlannedPolicy(comparison.Solution), cycleBudget) })
                {
                    var result = Simulator.Run(document.Model, scenario.With(weeks: h), new SimulationOptions { Policy = policy, MaxDegreeOfParallelism = 1 }, cancellationToken: cancellationToken);
                    outcomes.Add(PolicyComparison.Outcome(result));
                    prices.Add((policy.Name, policy.Reports));
                }
            }

            var earliest = parseResult.GetValue(threshold) is { } t ? EarliestWorkshop.Find(document.Model, scenario, t, h, cancellationToken: cancellationToken) : null;
            if (parseResult.GetValue(format) == "json")
            {
                WriteJson(context, comparison, outcomes, cycleBudget, prices, earliest);
            }
            else
            {
                WriteTable(context, document, scenario, comparison, outcomes, cycleBudget, prices, earliest);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void WriteJson(CliContext context, PolicyComparison comparison, List<PolicyOutcome> outcomes, CycleBudget? budget, List<(string Policy, IReadOnlyList<BudgetCycleReport> Reports)> prices, EarliestWorkshopResult? earliest)
    {
        CommonOptions.WriteJson(context, writer =>
        {
            var solution = comparison.Solution;
            writer.WriteStartObject();
            writer.WriteNumber("horizon", comparison.Horizon);
            writer.WriteStartObject("solver");
            writer.WriteString("method", solution.Method == PomdpSolverMethod.Exact ? "exact" : "point-based");
            writer.WriteNumber("errorBoundPerParticipant", solution.ErrorBound);
            writer.WriteNumber("alphaVectors", solution.AlphaVectorCounts[^1]);
            writer.WriteNumber("predictedNetUtility", comparison.PlannedPredictedNetUtility);
            writer.WriteEndObject();
            writer.WriteStartArray("policies");
            foreach (var o in outcomes)
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

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (budget is not null)
            {
                writer.WriteStartObject("budget");
                writer.WriteString("kind", budget.Kind == BudgetKind.Money ? "money" : "contacts");
                writer.WriteNumber("amount", budget.Amount);
                foreach (var (policy, reports) in prices)
                {
                    writer.WriteStartArray(policy);
                    foreach (var r in reports)
                    {
                        writer.WriteStartObject();
                        writer.WriteNumber("cycle", r.Cycle);
                        writer.WriteNumber("price", r.Price);
                        writer.WriteNumber("used", r.Used);
                        writer.WriteNumber("candidates", r.Candidates);
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

    private static void WriteTable(CliContext context, DecisionDocument document, SimulationScenario scenario, PolicyComparison comparison, List<PolicyOutcome> outcomes, CycleBudget? budget, List<(string Policy, IReadOnlyList<BudgetCycleReport> Reports)> prices, EarliestWorkshopResult? earliest)
    {
        var title = string.Create(CultureInfo.InvariantCulture, $"{document.Name ?? "model"}: {CommonOptions.Count(scenario.Participants, "participant")}, workshop at week {comparison.Horizon} (expected mode)");
        var table = new Table().Title(Markup.Escape(title))
            .AddColumn("Policy")
            .AddColumn(new TableColumn("Total EU at week H").RightAligned())
            .AddColumn(new TableColumn("Contacts").RightAligned())
            .AddColumn(new TableColumn("Spend").RightAligned())
            .AddColumn(new TableColumn("Net utility").RightAligned());
        var best = outcomes.Max(o => o.NetUtility);
        foreach (var o in outcomes)
        {
            var net = CommonOptions.Number(o.NetUtility, "N1");
            table.AddRow(Markup.Escape(o.Policy), CommonOptions.Number(o.TotalExpectedUtility, "N1"), CommonOptions.Number(o.Contacts, "N1"), CommonOptions.Number(o.Spend, "N1"), o.NetUtility >= best - 1e-6 ? $"[bold]{net}[/]" : net);
        }

        context.Console.Write(table);
        context.Console.WriteLine($"Planner: {Describe(comparison.Solution)}; predicted net {CommonOptions.Number(comparison.PlannedPredictedNetUtility, "N1")}.");
        if (budget is not null)
        {
            foreach (var (policy, reports) in prices)
            {
                var binding = reports.Where(r => r.Price > 0).ToList();
                context.Console.WriteLine(binding.Count == 0
                    ? $"{policy} ({budget}): the budget never binds."
                    : string.Create(CultureInfo.InvariantCulture, $"{policy} ({budget}): binds in {CommonOptions.Count(binding.Count, "cycle")}; price per unit {string.Join(", ", binding.Select(r => $"week {r.Cycle}: {r.Price:0.###}"))}."));
            }
        }

        if (earliest is not null)
        {
            context.Console.WriteLine(earliest.Week is { } week
                ? string.Create(CultureInfo.InvariantCulture, $"Earliest workshop for {earliest.Threshold:N0}: week {week}; plan: planned policy with spend weight {earliest.SpendWeight:0.####}, expected total {earliest.ExpectedTotal:N1}, expected spend {earliest.ExpectedSpend:N1} (no plan spends less than {earliest.SpendLowerBound:N1}).")
                : string.Create(CultureInfo.InvariantCulture, $"Earliest workshop for {earliest.Threshold:N0}: not reachable within {earliest.Horizon} weeks (highest possible expected total {earliest.MaximumTotals.Max():N1})."));
        }
    }

    /// <summary>The solver's summary, e.g. <c>exact, H = 20, 1 alpha vector at h = 20, error bound 4E-07</c>.</summary>
    private static string Describe(PomdpSolution solution) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(solution.Method == PomdpSolverMethod.Exact ? "exact" : $"point-based (grid m = {solution.GridResolution}, {CommonOptions.Count(solution.GridPoints, "point")})")}, H = {solution.Horizon}, {CommonOptions.Count(solution.AlphaVectorCounts[^1], "alpha vector")} at h = {solution.Horizon}, error bound {solution.ErrorBound:G3}");
}

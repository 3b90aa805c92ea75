using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Serialization;
using Spectre.Console;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>pomdp solve</c>: solve a model in Cassandra's .pomdp format for a finite horizon.</summary>
internal static class PomdpCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command(
            "pomdp",
            "General POMDPs in Cassandra's .pomdp file format (the format of pomdp-solve and SARSOP). See docs/pomdp.md.\n\n"
            + "Examples:\n"
            + "  crowdsourcing pomdp solve tools/Crowdsourcing.Cli/samples/tiger.pomdp --horizon 10\n"
            + "  crowdsourcing pomdp solve tools/Crowdsourcing.Cli/samples/tiger.pomdp --horizon 100 --method point-based --format json");
        command.Subcommands.Add(Solve(context));
        return command;
    }

    private static Command Solve(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The model: a .pomdp file (at most 100,000,000 characters, 2,000 states, 1,000 actions, 1,000 observations)." };
        var horizon = new Option<int>("--horizon")
        {
            Description = "H, the number of steps to plan for: 0 to 100,000.",
            Required = true,
            HelpName = "steps",
        };
        var methods = new[] { PomdpSolverMethod.Auto, PomdpSolverMethod.Exact, PomdpSolverMethod.PointBased }.Select(EnumNames.Of).ToArray();
        var method = new Option<string>("--method")
        {
            Description = "exact (incremental pruning), point-based (PBVI with an upper bound) or auto (exact while it stays within --max-vectors, else point-based).",
            DefaultValueFactory = _ => EnumNames.Of(PomdpSolverMethod.Auto),
            HelpName = "name",
        };
        method.AcceptOnlyFromAmong(methods);
        var discount = new Option<double?>("--discount")
        {
            Description = "Overrides the file's discount: in (0, 1].",
            HelpName = "gamma",
        };
        var points = new Option<int>("--belief-points")
        {
            Description = "The most belief points of the point-based method (1 to 100,000).",
            DefaultValueFactory = _ => new PomdpModelSolverOptions().MaxBeliefPoints,
            HelpName = "count",
        };
        var maxVectors = new Option<int>("--max-vectors")
        {
            Description = "The most alpha vectors per level of the exact method (1 to 1,000,000).",
            DefaultValueFactory = _ => new PomdpModelSolverOptions().MaxAlphaVectors,
            HelpName = "count",
        };
        var format = CommonOptions.Format("table", "json");
        var command = new Command(
            "solve",
            "Solve a .pomdp model for a finite horizon and print the value at the file's start belief, its lower and upper bounds (their difference is the gap), the number of alpha vectors and the time taken. "
            + "The JSON also has the alpha vectors of every level (stepsToGo 0 = the terminal values).\n\n"
            + "Examples:\n"
            + "  crowdsourcing pomdp solve tools/Crowdsourcing.Cli/samples/tiger.pomdp --horizon 10\n"
            + "  crowdsourcing pomdp solve tools/Crowdsourcing.Cli/samples/tiger.pomdp --horizon 3 --discount 1 --method exact --format json\n"
            + "  crowdsourcing pomdp solve model.pomdp --horizon 50 --method point-based --belief-points 2000")
        {
            file, horizon, method, discount, points, maxVectors, format,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            var text = CliPaths.ReadText(path, "file");
            var model = PomdpFile.Parse(text, path.Name);
            if (parseResult.GetValue(discount) is { } gamma)
            {
                model = model.With(discount: gamma);
            }

            var options = new PomdpModelSolverOptions
            {
                Method = EnumNames.Parse<PomdpSolverMethod>(parseResult.GetValue(method), "--method"),
                MaxBeliefPoints = parseResult.GetValue(points),
                MaxAlphaVectors = parseResult.GetValue(maxVectors),
            };
            var start = Stopwatch.GetTimestamp();
            var solution = PomdpModelSolver.Solve(model, parseResult.GetValue(horizon), options, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (parseResult.GetValue(format) == "json")
            {
                WriteJson(context, path.Name, solution, elapsed);
            }
            else
            {
                WriteTable(context, path.Name, solution, elapsed);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void WriteTable(CliContext context, string name, PomdpValueFunction solution, double elapsed)
    {
        var model = solution.Model;
        var c = CultureInfo.InvariantCulture;
        context.Output.WriteLine(string.Create(c, $"{name}: {model.StateCount} states, {model.ActionCount} actions, {model.ObservationCount} observations, discount {model.Discount:G6}."));
        var table = new Table().AddColumn("Quantity").AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("method", EnumNames.Of(solution.Method));
        table.AddRow("horizon", solution.Horizon.ToString(c));
        table.AddRow("value at the start belief", solution.Value.ToString("G8", c));
        table.AddRow("lower bound", solution.LowerBound.ToString("G8", c));
        table.AddRow("upper bound", solution.UpperBound.ToString("G8", c));
        table.AddRow("gap", solution.Gap.ToString("G3", c));
        table.AddRow("alpha vectors", solution.AlphaVectorCount.ToString(c));
        if (solution.Method == PomdpSolverMethod.PointBased)
        {
            table.AddRow("belief points", solution.BeliefPoints.ToString(c));
        }

        table.AddRow("first action", Markup.Escape(model.Actions[Math.Max(0, solution.BestAction(model.InitialBelief, solution.Horizon))]));
        table.AddRow("time", elapsed.ToString("F1", c) + " ms");
        context.Console.Write(table);
    }

    private static void WriteJson(CliContext context, string name, PomdpValueFunction solution, double elapsed)
    {
        var model = solution.Model;
        CommonOptions.WriteJson(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("file", name);
            writer.WriteNumber("states", model.StateCount);
            writer.WriteNumber("actions", model.ActionCount);
            writer.WriteNumber("observations", model.ObservationCount);
            writer.WriteNumber("discount", model.Discount);
            writer.WriteString("method", EnumNames.Of(solution.Method));
            writer.WriteNumber("horizon", solution.Horizon);
            writer.WriteNumber("value", solution.Value);
            writer.WriteNumber("lowerBound", solution.LowerBound);
            writer.WriteNumber("upperBound", solution.UpperBound);
            writer.WriteNumber("gap", solution.Gap);
            writer.WriteNumber("alphaVectorCount", solution.AlphaVectorCount);
            writer.WriteNumber("beliefPoints", solution.BeliefPoints);
            var first = solution.BestAction(model.InitialBelief, solution.Horizon);
            if (first >= 0)
            {
                writer.WriteString("firstAction", model.Actions[first]);
            }
            else
            {
                writer.WriteNull("firstAction");
            }

            writer.WriteNumber("elapsedMilliseconds", Math.Round(elapsed, 3));
            writer.WriteStartArray("startBelief");
            foreach (var p in model.InitialBelief)
            {
                writer.WriteNumberValue(p);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("alphaVectors");
            for (var h = 0; h < solution.Levels.Count; h++)
            {
                writer.WriteStartObject();
                writer.WriteNumber("stepsToGo", h);
                writer.WriteStartArray("vectors");
                foreach (var vector in solution.Levels[h])
                {
                    writer.WriteStartObject();
                    if (vector.Action >= 0)
                    {
                        writer.WriteString("action", model.Actions[vector.Action]);
                    }
                    else
                    {
                        writer.WriteNull("action");
                    }

                    writer.WriteStartArray("values");
                    foreach (var v in vector.Values)
                    {
                        writer.WriteNumberValue(v);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using Crowdsourcing.Cli.Plotting;
using Crowdsourcing.Decision.Json;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Simulation;
using Spectre.Console;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>plot</c>: draws the CrowdArb paper's figures from the engine as SVG files.</summary>
internal static class PlotCommand
{
    public static Command Create(CliContext context)
    {
        var preset = CommonOptions.Preset();
        var model = CommonOptions.Model();
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "The directory the SVG files are written to (created when missing).",
            HelpName = "dir",
            Required = true,
        };
        var intervention = new Option<string?>("--intervention") { Description = "The intervention the simplex maps show (default: the model's first).", HelpName = "name" };
        var resolution = new Option<int>("--resolution") { Description = "Subdivisions of each side of the simplex maps, from 4 to 200.", DefaultValueFactory = _ => 48 };
        var week = new Option<int?>("--week") { Description = "The week of the MEU distribution, figure 10 (default: the scenario's last week).", HelpName = "week" };
        var seed = new Option<int>("--seed") { Description = "The seed of the Monte Carlo run behind figure 10.", DefaultValueFactory = _ => 1 };
        var format = CommonOptions.Format("table", "json");

        var command = new Command("plot", """
            Draw the CrowdArb paper's figures 6, 8, 9, 10 and 11 as SVG files that open in any browser.

            Figures 6, 8 and 9: MEU, MEU with the intervention and its value over the belief simplex (ternary heat maps
            with a colour scale). Figure 10: the sorted distribution of MEU over participants at one week (--week) for
            every policy, from one seeded Monte Carlo run (--seed). Figure 11: the total expected utility over the weeks
            for every policy (none, myopic, response-aware, planned until the scenario's last week) with the workshop
            threshold and the week each policy crosses it. Figures 10 and 11 need a scenario (the presets have one).

            Examples:
              crowdsourcing plot --preset crowdarb-paper --out docs/images
              crowdsourcing plot --preset crowdarb-paper --out plots --week 10 --seed 7
              crowdsourcing plot --model my-model.json --out plots --intervention email --format json
            """)
        {
            preset, model, output, intervention, resolution, week, seed, format,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            var document = CommonOptions.LoadModel(parseResult, preset, model);
            var n = parseResult.GetValue(resolution);
            if (n is < 4 or > 200)
            {
                throw new CliException($"--resolution must be from 4 to 200; got {n}");
            }

            if (File.Exists(parseResult.GetRequiredValue(output).FullName))
            {
                throw new CliException($"--out '{parseResult.GetRequiredValue(output).FullName}' is a file; expected a directory");
            }

            var k = InterventionIndex(document.Model, parseResult.GetValue(intervention));
            var requestedWeek = parseResult.GetValue(week);
            var scenario = document.Scenario;
            if (scenario is null && requestedWeek is not null)
            {
                throw new CliException("--week needs a model with a scenario (figures 10 and 11 simulate it); this model has none");
            }

            var w = requestedWeek ?? scenario?.Weeks ?? 0;
            if (scenario is not null && (w < 0 || w > scenario.Weeks))
            {
                throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--week must be from 0 to {scenario.Weeks} (the scenario's weeks); got {w}"));
            }

            var figures = new List<Figure>(PaperFigures.Simplex(document.Model, k, n));
            if (scenario is not null)
            {
                figures.AddRange(ScenarioFigures(context, document, scenario, w, parseResult.GetValue(seed), cancellationToken));
            }

            var directory = CliPaths.CreateDirectory(parseResult.GetRequiredValue(output), "--out");
            var written = new List<(Figure Figure, string Path)>();
            foreach (var figure in figures)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = Path.Combine(directory.FullName, figure.FileName);
                CliPaths.WriteText(path, figure.Svg, "--out");
                written.Add((figure, path));
            }

            if (parseResult.GetValue(format) == "json")
            {
                CommonOptions.WriteJson(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("figures");
                    foreach (var (figure, path) in written)
                    {
                        w.WriteStartObject();
                        w.WriteString("file", path);
                        w.WriteString("title", figure.Title);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            else
            {
                foreach (var (figure, path) in written)
                {
                    context.Output.WriteLine($"{path}  {figure.Title}");
                }
            }

            return Task.FromResult(ExitCodes.Success);
        });

        return command;
    }

    /// <summary>Figures 10 and 11: every policy (planned until the scenario's last week), Monte Carlo with a capture and expected mode.</summary>
    private static Figure[] ScenarioFigures(CliContext context, DecisionDocument document, SimulationScenario scenario, int week, int seed, CancellationToken cancellationToken)
    {
        var name = document.Name ?? "model";
        var count = ContactPolicies.Names.Count + 1;
        var expected = new SimulationResult[count];
        var captured = new SimulationResult[count];
        void RunAll(Action<double>? report)
        {
            ContactPolicy[] policies = [.. ContactPolicies.Names.Select(ContactPolicies.Get), PlannedPolicy.Create(document.Model, scenario.Weeks)];
            for (var i = 0; i < policies.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                expected[i] = Simulator.Run(document.Model, scenario, new SimulationOptions { Policy = policies[i] }, cancellationToken: cancellationToken);
                captured[i] = Simulator.Run(document.Model, scenario, new SimulationOptions { Policy = policies[i], Mode = SimulationMode.MonteCarlo, Seed = seed, CaptureWeek = week }, cancellationToken: cancellationToken);
                report?.Invoke((i + 1.0) / policies.Length);
            }
        }

        if (context.Interactive)
        {
            context.ErrorConsole.Progress().Start(progress =>
            {
                var task = progress.AddTask($"simulating {count} policies", maxValue: 1);
                RunAll(v => task.Value = v);
            });
        }
        else
        {
            RunAll(null);
        }

        return
        [
            PaperFigures.MeuDistribution(
                captured,
                string.Create(CultureInfo.InvariantCulture, $"{name}: {scenario.Participants} participants, one Monte Carlo run (seed {seed}); each line is one policy's MEU per participant, sorted.")),
            PaperFigures.TotalExpectedUtility(
                expected,
                string.Create(CultureInfo.InvariantCulture, $"{name}: {scenario.Participants} participants, expected mode; planned = the POMDP policy for a workshop in week {scenario.Weeks}.")),
        ];
    }

    private static int InterventionIndex(DecisionModel model, string? name)
    {
        if (name is null)
        {
            return 0;
        }

        for (var i = 0; i < model.Interventions.Count; i++)
        {
            if (string.Equals(model.Interventions[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new CliException($"unknown intervention '{name}'; the model has: {string.Join(", ", model.Interventions.Select(i => i.Name))}");
    }
}

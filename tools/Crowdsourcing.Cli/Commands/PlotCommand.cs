using System.CommandLine;
using System.Text;
using Crowdsourcing.Cli.Plotting;
using Crowdsourcing.Decision;

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
        var resolution = new Option<int>("--resolution") { Description = "Subdivisions of each side of the simplex maps (default 48; 4 to 200).", DefaultValueFactory = _ => 48 };
        var format = CommonOptions.Format("table", "json");

        var command = new Command("plot", """
            Draw the paper's figures as SVG files that open in any browser: MEU, MEU with the intervention and its value
            over the belief simplex (figures 6, 8, 9), and the total expected utility over the weeks for every policy
            with the workshop threshold and where it is crossed (figure 11).

            Examples:
              crowdsourcing plot --preset crowdarb-paper --out docs/images
              crowdsourcing plot --model my-model.json --out plots --intervention email --format json
            """)
        {
            preset, model, output, intervention, resolution, format,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            var document = CommonOptions.LoadModel(parseResult, preset, model);
            var n = parseResult.GetValue(resolution);
            if (n is < 4 or > 200)
            {
                throw new CliException($"--resolution must be from 4 to 200; got {n}");
            }

            var k = InterventionIndex(document.Model, parseResult.GetValue(intervention));
            var figures = new List<Figure>(PaperFigures.Simplex(document.Model, k, n));
            if (document.Scenario is { } scenario)
            {
                var results = ContactPolicies.Names
                    .Select(name => Simulator.Run(document.Model, scenario, new SimulationOptions { Policy = ContactPolicies.Get(name) }, cancellationToken: cancellationToken))
                    .ToArray();
                figures.Add(PaperFigures.TotalExpectedUtility(results, $"{document.Name ?? "model"}: {scenario.Participants} participants, expected mode (the exact expectation of the Monte Carlo process)."));
            }

            var directory = parseResult.GetRequiredValue(output);
            Directory.CreateDirectory(directory.FullName);
            var written = new List<(Figure Figure, string Path)>();
            foreach (var figure in figures)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = Path.Combine(directory.FullName, figure.FileName);
                File.WriteAllText(path, figure.Svg, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
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

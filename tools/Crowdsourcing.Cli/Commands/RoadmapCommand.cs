using System.CommandLine;
using System.Text;
using Crowdsourcing.Roadmap.Catalog;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Json;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Roadmap.Rendering;

namespace Crowdsourcing.Cli.Commands;

/// <summary><c>roadmap --spec FILE</c>: plans an initiative along the six-stage roadmap, as Markdown or JSON.</summary>
internal static class RoadmapCommand
{
    public static Command Create(CliContext context)
    {
        var spec = new Option<FileInfo>("--spec")
        {
            Description = "The initiative spec, a JSON file (format: docs/roadmap.md; samples: tools/Crowdsourcing.Cli/samples/initiative*.json).",
            HelpName = "file",
            Required = true,
        };
        var format = CommonOptions.Format("markdown", "json");
        var command = new Command("roadmap", """
            Plan a crowdsourcing initiative along the six-stage B2B roadmap, as Markdown or JSON.

            The plan gives each stage's focus, checklist, recommendations (with the reason, naming the inputs that
            triggered it, and the sources) and risks; the crowd layers ranked best first; the approach (inside,
            outside, hybrid) and the configurations that follow from the ranking and the sensitivity (internal,
            via-broker, open); the motivation to aim at; the IP licence; ties (options that scored the same, how they
            were settled, which input change breaks them) and flags (inputs that pull apart, named by JSON path).
            Every source is a paper passage quoted verbatim or the planner's own heuristic.

            JSON: flags[] (id, paths, text, sources); ties[] (choice, options, settledBy, breakers); stages[] with
            name, checklist, recommendations[] (id, text, reason, sources), risks[]; crowd with layers[] ranked best
            first (layer, score, reason), approach, configuration, used, configurations[]. A source is
            { "kind": "paper", "document", "section", "quote" } or { "kind": "heuristic", "rationale" }.

            The spec's format is in docs/roadmap.md; inputs that cannot both hold (a secret crowdfunding campaign,
            goal funding without crowdfunding) are refused with one line naming their JSON paths. Samples:
            tools/Crowdsourcing.Cli/samples/initiative.json and initiative-*.json.

            Examples:
              crowdsourcing roadmap --spec tools/Crowdsourcing.Cli/samples/initiative.json
              crowdsourcing roadmap --spec tools/Crowdsourcing.Cli/samples/initiative-cluster-co-creation.json
              crowdsourcing roadmap --spec initiative.json --format json > plan.json
            """)
        {
            spec, format,
        };

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var file = parseResult.GetRequiredValue(spec);
            var text = CliPaths.ReadText(file, "--spec");
            Initiative initiative;
            try
            {
                initiative = InitiativeJson.Parse(text);
            }
            catch (InitiativeSpecException ex)
            {
                throw new CliException($"{file.Name}: {ex.Message}", ex);
            }

            RoadmapPlan plan;
            try
            {
                plan = new RoadmapPlanner().Plan(initiative);
            }
            catch (RoadmapCatalogException ex)
            {
                throw new CliException($"{file.Name}: {ex.Message}", ex);
            }

            if (parseResult.GetValue(format) == "json")
            {
                using var buffer = new MemoryStream();
                await RoadmapJson.WriteAsync(plan, buffer, cancellationToken).ConfigureAwait(false);
                await context.Output.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
            }
            else
            {
                await context.Output.WriteAsync(RoadmapMarkdown.Render(plan)).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

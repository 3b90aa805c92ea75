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
            Description = "The initiative spec, a JSON file (format: docs/roadmap.md; a sample: tools/Crowdsourcing.Cli/samples/initiative.json).",
            HelpName = "file",
            Required = true,
        };
        var format = CommonOptions.Format("markdown", "json");
        var command = new Command("roadmap", """
            Plan a crowdsourcing initiative along the six-stage B2B roadmap, as Markdown or JSON.

            The plan gives each stage's focus, checklist, recommendations (with the reason and the sources) and risks;
            the crowd layers ranked best first; the configuration (internal, via-broker, open); the motivation to aim
            at; the IP licence. JSON: stages[] with name, checklist, recommendations[] (id, text, reason, sources);
            crowd with layers[] ranked best first (layer, score, reason) and configuration. The spec's format is in
            docs/roadmap.md; a bad spec gets one line naming the JSON path.

            Examples:
              crowdsourcing roadmap --spec tools/Crowdsourcing.Cli/samples/initiative.json
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

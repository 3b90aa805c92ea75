using System.CommandLine;
using System.Globalization;
using Crowdsourcing.Assignments;
using Crowdsourcing.Cli.Campaigns;

namespace Crowdsourcing.Cli.Commands;

/// <summary>
/// <c>campaign cancel|reopen|delete</c>: an organiser's actions on one knowledge request of the campaign, through the
/// runtime (<see cref="IAssignmentService"/>), as the tool's operator (an administrator of the store).
/// </summary>
internal static class RequestCommands
{
    public static Command Cancel(CliContext context)
    {
        var request = RequestArgument();
        var reason = new Option<string?>("--reason") { Description = "Why, shown to the contributors (at most 2,000 characters).", HelpName = "text" };
        var (store, campaign, format) = (CampaignCommand.StoreOption(), CampaignCommand.CampaignOptionFor(), CommonOptions.Format("table", "json"));
        var command = new Command("cancel", """
            Cancel a knowledge request: its contributors are notified and no more answers are taken.

            Examples:
              crowdsourcing campaign cancel acme-alice --reason duplicate
            """)
        {
            request, reason, store, campaign, format,
        };
        command.SetAction((parseResult, cancellationToken) => CampaignCommand.Guarded(async () =>
        {
            var text = parseResult.GetValue(reason);
            if (text is { Length: > IAssignmentService.MaxReasonLength })
            {
                throw new CliException($"--reason has {text.Length:N0} characters; at most {IAssignmentService.MaxReasonLength:N0} are allowed");
            }

            await OnRequestAsync(parseResult, store, campaign, request, async (runtime, id) =>
            {
                var cancelled = await runtime.Assignments.CancelAsync(id, string.IsNullOrWhiteSpace(text) ? null : text, cancellationToken).ConfigureAwait(false);
                Write(context, parseResult.GetValue(format) == "json", cancelled, "cancelled");
            }, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    public static Command Reopen(CliContext context)
    {
        var request = RequestArgument();
        var reason = new Option<string>("--reason") { Description = "What the experts should improve, shown to them as the feedback (required, at most 2,000 characters).", HelpName = "text", Required = true };
        var version = new Option<long?>("--version") { Description = "The request's version you read; refused when it changed since.", HelpName = "number" };
        var (store, campaign, format) = (CampaignCommand.StoreOption(), CampaignCommand.CampaignOptionFor(), CommonOptions.Format("table", "json"));
        var command = new Command("reopen", """
            Reopen a submitted or accepted knowledge request with a reason: its assignees are notified and answer again.

            The reason becomes the request's feedback; the answers stay. Who reopened it is the tool's operator.

            Examples:
              crowdsourcing campaign reopen acme-alice --reason incomplete
              crowdsourcing campaign reopen acme-alice --reason recount --version 2 --format json
            """)
        {
            request, reason, version, store, campaign, format,
        };
        command.SetAction((parseResult, cancellationToken) => CampaignCommand.Guarded(async () =>
            await OnRequestAsync(parseResult, store, campaign, request, async (runtime, id) =>
            {
                var reopened = await runtime.Assignments.ReopenAsync(id, parseResult.GetRequiredValue(reason), parseResult.GetValue(version), cancellationToken).ConfigureAwait(false);
                Write(context, parseResult.GetValue(format) == "json", reopened, "reopened");
            }, cancellationToken).ConfigureAwait(false)));
        return command;
    }

    public static Command Delete(CliContext context)
    {
        var request = RequestArgument();
        var version = new Option<long?>("--version") { Description = "The request's version you read; refused when it changed since.", HelpName = "number" };
        var (store, campaign, format) = (CampaignCommand.StoreOption(), CampaignCommand.CampaignOptionFor(), CommonOptions.Format("table", "json"));
        var command = new Command("delete", """
            Delete a cancelled knowledge request for good, with its answers, delegations and quality assessments.

            Only a cancelled request can be deleted (cancel it first, so that its contributors are told); notifications
            already queued stay queued. Decision cycles keep the reports they already read.

            Examples:
              crowdsourcing campaign delete acme-alice
              crowdsourcing campaign delete acme-alice --version 3 --format json
            """)
        {
            request, version, store, campaign, format,
        };
        command.SetAction((parseResult, cancellationToken) => CampaignCommand.Guarded(async () =>
            await OnRequestAsync(parseResult, store, campaign, request, async (runtime, id) =>
            {
                await runtime.Assignments.DeleteAsync(id, parseResult.GetValue(version), cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(format) == "json")
                {
                    CommonOptions.WriteJson(context, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("assignment", id);
                        w.WriteBoolean("deleted", true);
                        w.WriteEndObject();
                    });
                }
                else
                {
                    context.Output.WriteLine($"assignment '{id}' deleted");
                }
            }, cancellationToken).ConfigureAwait(false)));
        return command;
    }

    private static Argument<string> RequestArgument() => new("request") { Description = "The knowledge request's id." };

    /// <summary>Opens the store, checks that the request belongs to the campaign, and runs <paramref name="work"/>.</summary>
    private static async Task OnRequestAsync(ParseResult parseResult, Option<string> store, Option<string?> campaignOption, Argument<string> request, Func<RuntimeHost, string, Task> work, CancellationToken cancellationToken)
    {
        var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
        await using (runtime.ConfigureAwait(false))
        {
            var campaign = await runtime.ResolveCampaignAsync(parseResult.GetValue(campaignOption), cancellationToken).ConfigureAwait(false);
            var id = parseResult.GetRequiredValue(request);
            var existing = await runtime.Store.Assignments.FindAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new CliException($"campaign '{campaign.Id}' has no knowledge request '{id}'");
            if (!string.Equals(existing.CampaignId, campaign.Id, StringComparison.Ordinal))
            {
                throw new CliException($"knowledge request '{id}' belongs to campaign '{existing.CampaignId}', not '{campaign.Id}'");
            }

            await work(runtime, id).ConfigureAwait(false);
        }
    }

    private static void Write(CliContext context, bool json, Assignment assignment, string what)
    {
        if (json)
        {
            CommonOptions.WriteJson(context, w =>
            {
                w.WriteStartObject();
                w.WriteString("assignment", assignment.Id);
                w.WriteString("status", CampaignCommand.Kebab(assignment.Status));
                w.WriteNumber("version", assignment.Version);
                w.WriteString("modifiedBy", assignment.ModifiedBy);
                w.WriteStartArray("feedback");
                foreach (var line in assignment.Feedback)
                {
                    w.WriteStringValue(line);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return;
        }

        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"assignment '{assignment.Id}' ({assignment.Subject.Name}) {what}: now {CampaignCommand.Kebab(assignment.Status)}, version {assignment.Version}"));
        foreach (var line in assignment.Feedback)
        {
            context.Output.WriteLine($"  feedback: {line}");
        }
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crowdsourcing.Cli.Campaigns;
using Crowdsourcing.Reconciliation;

namespace Crowdsourcing.Cli.Commands;

/// <summary>
/// Answer reconciliation from the command line, as sub-commands of <c>campaign</c>: <c>reconcile</c> (a campaign or
/// one knowledge request), <c>gold</c> (mark or clear an analyst-checked answer), <c>seed</c> (start from an earlier
/// campaign's reliabilities) and <c>ask-another</c> (ask one more expert only when it pays).
/// </summary>
internal static class ReconcileCommand
{
    public static IEnumerable<Command> Create(CliContext context) => [Reconcile(context), Gold(context), Seed(context), AskAnother(context)];

    private static Option<string?> CampaignOption() => new("--campaign")
    {
        Description = "The campaign's id (default: the store's only campaign).",
        HelpName = "id",
    };

    private static Command Reconcile(CliContext context)
    {
        var store = CampaignCommand.StoreOption();
        var campaignOption = CampaignOption();
        var assignment = new Option<string?>("--assignment") { Description = "Show one knowledge request's choice questions only, and store nothing.", HelpName = "id" };
        var format = CommonOptions.Format("table", "json");
        var command = new Command("reconcile", """
            Reconcile the experts' answers to the campaign's single-choice questions and keep each expert's reliability.

            Each question's answer about each subject is inferred from every expert who answered it (the method is the
            Crowdsourcing__Reconciliation__Method setting: majority, wawa, dawid-skene (default), one-coin or glad), with
            its confidence and who answered what; gold answers (campaign gold) are kept fixed and taught from. Each
            expert's learned reliability per question is stored for the campaign (seed the next one with campaign seed).
            With --assignment, one knowledge request's questions are shown and nothing is stored.

            Examples:
              crowdsourcing campaign reconcile
              crowdsourcing campaign reconcile --assignment acme-alice --format json
            """)
        {
            store, campaignOption, assignment, format,
        };
        command.SetAction((parseResult, cancellationToken) => CampaignCommand.Guarded(async () =>
        {
            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var json = parseResult.GetValue(format) == "json";
                if (parseResult.GetValue(assignment) is { } assignmentId)
                {
                    var request = await runtime.Reconciliation.GetAsync(assignmentId, cancellationToken).ConfigureAwait(false);
                    if (json)
                    {
                        CommonOptions.WriteJson(context, w =>
                        {
                            w.WriteStartObject();
                            w.WriteString("assignment", request.AssignmentId);
                            w.WriteString("campaign", request.CampaignId);
                            w.WriteString("subject", request.Subject.Id);
                            w.WriteString("method", request.Method);
                            WriteAnswers(w, request.Questions);
                            w.WriteEndObject();
                        });
                    }
                    else
                    {
                        context.Output.WriteLine($"knowledge request '{request.AssignmentId}' about {request.Subject.Name}, by {request.Method}:");
                        WriteTable(context, request.Questions);
                    }

                    return;
                }

                var campaign = await runtime.ResolveCampaignAsync(parseResult.GetValue(campaignOption), cancellationToken).ConfigureAwait(false);
                var result = await runtime.Reconciliation.ReconcileAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    CommonOptions.WriteJson(context, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("campaign", result.CampaignId);
                        w.WriteString("method", result.Method);
                        WriteAnswers(w, result.Answers);
                        w.WriteStartArray("experts");
                        foreach (var r in result.Reliabilities)
                        {
                            w.WriteStartObject();
                            w.WriteString("participant", r.ParticipantId);
                            w.WriteString("question", r.QuestionId);
                            w.WriteNumber("skill", CommonOptions.Figure(r.Skill));
                            w.WriteNumber("skillLower", CommonOptions.Figure(r.SkillLower));
                            w.WriteNumber("skillUpper", CommonOptions.Figure(r.SkillUpper));
                            w.WriteNumber("answers", r.Answers);
                            w.WriteStartArray("labels");
                            foreach (var label in r.Labels)
                            {
                                w.WriteStringValue(label);
                            }

                            w.WriteEndArray();
                            w.WriteStartArray("confusion");
                            for (var row = 0; row < r.Labels.Count; row++)
                            {
                                w.WriteStartArray();
                                for (var col = 0; col < r.Labels.Count; col++)
                                {
                                    w.WriteNumberValue(CommonOptions.Figure(r[row, col]));
                                }

                                w.WriteEndArray();
                            }

                            w.WriteEndArray();
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                }
                else
                {
                    context.Output.WriteLine($"campaign '{result.CampaignId}' reconciled by {result.Method}: {CommonOptions.Count(result.Answers.Count, "answer")} inferred, {CommonOptions.Count(result.Reliabilities.Count, "expert reliability", "expert reliabilities")} kept");
                    WriteTable(context, result.Answers);
                    foreach (var r in result.Reliabilities)
                    {
                        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  expert {r.ParticipantId} on {r.QuestionId}: accuracy {r.Skill:0.###} ({r.SkillLower:0.###}-{r.SkillUpper:0.###}) from {CommonOptions.Count(r.Answers, "answer")}"));
                    }
                }
            }
        }));
        return command;
    }

    private static Command Gold(CliContext context)
    {
        var subject = new Argument<string>("subject") { Description = "The subject's id (of a knowledge request of the campaign)." };
        var question = new Argument<string>("question") { Description = "The single-choice question's id." };
        var value = new Argument<string?>("value") { Description = "The analyst-checked answer: one of the question's choices (leave out with --clear).", Arity = ArgumentArity.ZeroOrOne };
        var clear = new Option<bool>("--clear") { Description = "Remove the gold answer instead." };
        var store = CampaignCommand.StoreOption();
        var campaignOption = CampaignOption();
        var format = CommonOptions.Format("table", "json");
        var command = new Command("gold", """
            Mark (or clear) the analyst-checked answer of a single-choice question about a subject.

            Reconciliation keeps a gold answer fixed and learns from it how reliable each expert who answered is. Marking
            again replaces the earlier mark. Only the campaign's organisers and administrators may.

            Examples:
              crowdsourcing campaign gold acme w1-q2 on-premises
              crowdsourcing campaign gold acme w1-q2 --clear
            """)
        {
            subject, question, value, clear, store, campaignOption, format,
        };
        command.SetAction((parseResult, cancellationToken) => CampaignCommand.Guarded(async () =>
        {
            var answer = parseResult.GetValue(value);
            var remove = parseResult.GetValue(clear);
            if (remove == answer is not null)
            {
                throw new CliException(remove ? "give either a value or --clear, not both" : "give the gold answer (one of the question's choices), or --clear to remove it");
            }

            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var campaign = await runtime.ResolveCampaignAsync(parseResult.GetValue(campaignOption), cancellationToken).ConfigureAwait(false);
                var subjectId = parseResult.GetRequiredValue(subject);
                var questionId = parseResult.GetRequiredValue(question);
                var json = parseResult.GetValue(format) == "json";
                if (remove)
                {
                    var removed = await runtime.Reconciliation.ClearGoldAsync(campaign.Id, subjectId, questionId, cancellationToken).ConfigureAwait(false);
                    if (json)
                    {
                        CommonOptions.WriteJson(context, w =>
                        {
                            w.WriteStartObject();
                            w.WriteString("campaign", campaign.Id);
                            w.WriteString("subject", subjectId);
                            w.WriteString("question", questionId);
                            w.WriteBoolean("removed", removed);
                            w.WriteEndObject();
                        });
                    }
                    else
                    {
                        context.Output.WriteLine(removed ? $"gold answer of {questionId} about {subjectId} removed" : $"no gold answer of {questionId} about {subjectId} was marked");
                    }

                    return;
                }

                var gold = await runtime.Reconciliation.MarkGoldAsync(campaign.Id, subjectId, questionId, answer!, cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    CommonOptions.WriteJson(context, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("campaign", gold.CampaignId);
                        w.WriteString("subject", gold.SubjectId);
                        w.WriteString("question", gold.QuestionId);
                        w.WriteString("value", gold.Value);
                        w.WriteString("markedBy", gold.MarkedBy);
                        w.WriteString("markedAt", gold.MarkedAt);
                        w.WriteEndObject();
                    });
                }
                else
                {
                    context.Output.WriteLine($"gold answer of {gold.QuestionId} about {gold.SubjectId}: '{gold.Value}' (marked by {gold.MarkedBy})");
                }
            }
        }));
        return command;
    }

    private static Command Seed(CliContext context)
    {
        var from = new Option<string>("--from") { Description = "The earlier campaign whose learned reliabilities seed this one.", HelpName = "campaign", Required = true };
        var store = CampaignCommand.StoreOption();
        var campaignOption = CampaignOption();
        var format = CommonOptions.Format("table", "json");
        var command = new Command("seed", """
            Seed the campaign with the expert reliabilities learned in an earlier campaign (a warm start).

            The earlier campaign's learned reliabilities on questions this campaign's questionnaire also has are kept as
            this campaign's seeds; reconciliation starts from them, counting them as Crowdsourcing__Reconciliation__SeedStrength
            answers per choice, and asking one more expert uses them for experts the campaign has not learned yet.

            Examples:
              crowdsourcing campaign seed --from client-assessments-2025 --campaign client-assessments
            """)
        {
            from, store, campaignOption, format,
        };
        command.SetAction((parseResult, cancellationToken) => CampaignCommand.Guarded(async () =>
        {
            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var campaign = await runtime.ResolveCampaignAsync(parseResult.GetValue(campaignOption), cancellationToken).ConfigureAwait(false);
                var count = await runtime.Reconciliation.SeedAsync(campaign.Id, parseResult.GetRequiredValue(from), cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(format) == "json")
                {
                    CommonOptions.WriteJson(context, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("campaign", campaign.Id);
                        w.WriteString("from", parseResult.GetRequiredValue(from));
                        w.WriteNumber("seeded", count);
                        w.WriteEndObject();
                    });
                    return;
                }

                context.Output.WriteLine($"campaign '{campaign.Id}' seeded with {CommonOptions.Count(count, "expert reliability", "expert reliabilities")} from '{parseResult.GetRequiredValue(from)}'");
            }
        }));
        return command;
    }

    private static Command AskAnother(CliContext context)
    {
        var subject = new Argument<string>("subject") { Description = "The subject's id." };
        var question = new Argument<string>("question") { Description = "The single-choice question's id." };
        var store = CampaignCommand.StoreOption();
        var campaignOption = CampaignOption();
        var format = CommonOptions.Format("table", "json");
        var command = new Command("ask-another", """
            Ask one more expert about a single-choice question of a subject, only when their answer is worth its cost.

            The value is the expected gain of deciding after one more answer (exact over the expert's possible answers,
            from their reliability) against Crowdsourcing__Reconciliation__AnswerCost; the best expert of the crowd who
            was not asked yet gets a new knowledge request when the value exceeds the cost. The decision and its reason
            are recorded either way.

            Examples:
              crowdsourcing campaign ask-another acme w1-q2
              crowdsourcing campaign ask-another acme w1-q2 --format json
            """)
        {
            subject, question, store, campaignOption, format,
        };
        command.SetAction((parseResult, cancellationToken) => CampaignCommand.Guarded(async () =>
        {
            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var campaign = await runtime.ResolveCampaignAsync(parseResult.GetValue(campaignOption), cancellationToken).ConfigureAwait(false);
                var d = await runtime.Reconciliation.ConsiderAnotherAnswerAsync(campaign.Id, parseResult.GetRequiredValue(subject), parseResult.GetRequiredValue(question), cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(format) == "json")
                {
                    CommonOptions.WriteJson(context, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("campaign", d.CampaignId);
                        w.WriteString("subject", d.SubjectId);
                        w.WriteString("question", d.QuestionId);
                        w.WriteBoolean("asked", d.Asked);
                        w.WriteNumber("value", CommonOptions.Figure(d.Value));
                        w.WriteNumber("cost", CommonOptions.Figure(d.Cost));
                        WriteOptional(w, "participant", d.ParticipantId);
                        WriteOptional(w, "assignment", d.AssignmentId);
                        w.WriteString("reason", d.Reason);
                        w.WriteEndObject();
                    });
                }
                else
                {
                    context.Output.WriteLine(d.Reason);
                    if (d.AssignmentId is not null)
                    {
                        context.Output.WriteLine($"knowledge request '{d.AssignmentId}' created for {d.ParticipantId}");
                    }
                }
            }
        }));
        return command;
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteAnswers(Utf8JsonWriter w, IReadOnlyList<ReconciledAnswer> answers)
    {
        w.WriteStartArray("answers");
        foreach (var a in answers)
        {
            w.WriteStartObject();
            w.WriteString("subject", a.SubjectId);
            w.WriteString("question", a.QuestionId);
            WriteOptional(w, "answer", a.Answer);
            w.WriteNumber("confidence", CommonOptions.Figure(a.Confidence));
            WriteOptional(w, "gold", a.Gold);
            w.WriteBoolean("disagreement", a.Disagreement);
            w.WriteStartArray("experts");
            foreach (var e in a.Answers)
            {
                w.WriteStartObject();
                w.WriteString("participant", e.ParticipantId);
                w.WriteString("assignment", e.AssignmentId);
                w.WriteString("value", e.Value);
                w.WriteNumber("skill", CommonOptions.Figure(e.Skill));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteTable(CliContext context, IReadOnlyList<ReconciledAnswer> answers)
    {
        foreach (var a in answers)
        {
            var who = string.Join(", ", a.Answers.Select(e => $"{e.ParticipantId}: {e.Value}"));
            var answer = a.Answer is null ? "no answer yet" : string.Create(CultureInfo.InvariantCulture, $"'{a.Answer}' (confidence {a.Confidence:0.###}{(a.Gold is null ? string.Empty : ", gold")})");
            context.Output.WriteLine($"  {a.SubjectId} {a.QuestionId}: {answer}{(a.Disagreement ? "; experts disagree" : string.Empty)}{(who.Length > 0 ? $" [{who}]" : string.Empty)}");
        }
    }
}

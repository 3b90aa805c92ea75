using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Cli.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.DecisionModels;
using Crowdsourcing.Serialization;
using Crowdsourcing.Storage;
using Spectre.Console;

namespace Crowdsourcing.Cli.Commands;

/// <summary>
/// <c>campaign init|import|cycle|record|review|status</c>: runs a real campaign against a store (a SQLite file by default, or
/// PostgreSQL) through the runtime: <c>AddCrowdsourcing(b =&gt; b.UseSqlite(…).AddDecisionModels(…))</c>.
/// </summary>
internal static class CampaignCommand
{
    private static string Who => RuntimeHost.Operator.Id;

    public static Command Create(CliContext context)
    {
        var command = new Command("campaign", """
            Run a campaign against a store: init, import participants, record submissions, run cycles, see the status.

            The store is a SQLite file (--store, default crowdsourcing.db in the working directory) or a PostgreSQL
            connection string (recognised by Host=); its schema is created or migrated when it is opened. Sample files
            for every sub-command are in tools/Crowdsourcing.Cli/samples/.

            Examples:
              crowdsourcing campaign init tools/Crowdsourcing.Cli/samples/campaign.json
              crowdsourcing campaign import tools/Crowdsourcing.Cli/samples/participants.csv
              crowdsourcing campaign record tools/Crowdsourcing.Cli/samples/submission.json
              crowdsourcing campaign cycle
              crowdsourcing campaign status --format json
            """);
        command.Subcommands.Add(Init(context));
        command.Subcommands.Add(Import(context));
        command.Subcommands.Add(Cycle(context));
        command.Subcommands.Add(Settings(context));
        command.Subcommands.Add(Learn(context));
        command.Subcommands.Add(PlanReportCommand.Create(context));
        command.Subcommands.Add(Record(context));
        command.Subcommands.Add(RequestCommands.Cancel(context));
        command.Subcommands.Add(RequestCommands.Reopen(context));
        command.Subcommands.Add(RequestCommands.Delete(context));
        command.Subcommands.Add(ReviewCommands.Review(context));
        command.Subcommands.Add(ReviewCommands.List(context));
        command.Subcommands.Add(Status(context));
        foreach (var reconciliation in ReconcileCommand.Create(context))
        {
            command.Subcommands.Add(reconciliation);
        }

        return command;
    }

    internal static Option<string?> CampaignOptionFor() => CampaignOption();

    internal static Option<string> StoreOption() => new("--store")
    {
        Description = "The store: a SQLite file (a relative path is taken from the working directory) or a PostgreSQL connection string (recognised by Host=).",
        HelpName = "file-or-connection-string",
        DefaultValueFactory = _ => RuntimeHost.DefaultStore,
    };

    private static Option<string?> CampaignOption() => new("--campaign")
    {
        Description = "The campaign's id (default: the store's only campaign).",
        HelpName = "id",
    };

    private static Command Init(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The campaign file (JSON)." };
        var store = StoreOption();
        var format = CommonOptions.Format("table", "json");
        var command = new Command("init", """
            Create a campaign (its task and questionnaire too) from a JSON campaign file.

            The file is one object with "task" (the crowdsourced task: id, name, kind,
            confidentiality, allowedLayers, ...), "questionnaire" (id, name, subjectKind, sections with id, title, group
            and questions with id, text, answerType, mandatory), "campaign" (id, name, taskId, questionnaireId, crowd,
            qualityRules, readiness levels with their criteria, reminders, decisionModel, workshopThreshold, startsAt,
            cycleLength) and optionally "participants", each in the model's JSON format (camelCase names, kebab-case
            values such as macro-task or trusted-partners; durations as d.hh:mm:ss). decisionModel names a built-in
            preset (crowdarb-paper, crowdarb-multichannel) whose states are the readiness levels. The store is created
            when missing. Running it again with the same file changes nothing.

            Examples:
              crowdsourcing campaign init tools/Crowdsourcing.Cli/samples/campaign.json
              crowdsourcing campaign init campaign.json --store "Host=localhost;Database=crowd;Username=crowd"
            """)
        {
            file, store, format,
        };
        command.SetAction((parseResult, cancellationToken) => Guarded(async () =>
        {
            var campaignFile = parseResult.GetRequiredValue(file);
            var definition = CampaignFile.Read(campaignFile);
            CheckModel(definition.Campaign, campaignFile.Name);
            var storeName = parseResult.GetValue(store);

            // Try the whole change on a scratch copy first (with the store's own versions of the records it touches),
            // so that a campaign the runtime refuses leaves the store as it was, and a new store file is not created.
            var existing = RuntimeHost.Exists(storeName) ? await RuntimeHost.OpenAsync(storeName, create: false, cancellationToken).ConfigureAwait(false) : null;
            try
            {
                var scratch = await RuntimeHost.OpenScratchAsync(cancellationToken).ConfigureAwait(false);
                await using (scratch.ConfigureAwait(false))
                {
                    CheckLimits(scratch, definition, campaignFile.Name);
                    if (existing is not null)
                    {
                        await CopyTouchedRecordsAsync(existing, scratch, definition, cancellationToken).ConfigureAwait(false);
                    }

                    await InitAsync(scratch, definition, cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                if (existing is not null)
                {
                    await existing.DisposeAsync().ConfigureAwait(false);
                }

                throw;
            }

            var runtime = existing ?? await RuntimeHost.OpenAsync(storeName, create: true, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                (bool Existed, Campaign Campaign, Counts Participants) result;
                try
                {
                    result = await InitAsync(runtime, definition, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await runtime.DiscardCreatedFileAsync().ConfigureAwait(false);
                    throw;
                }

                var (existed, campaign, participants) = result;
                var questions = definition.Questionnaire.Sections.Sum(x => x.Questions.Count);
                if (parseResult.GetValue(format) == "json")
                {
                    CommonOptions.WriteJson(context, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("store", runtime.Description);
                        w.WriteString("campaign", campaign.Id);
                        w.WriteBoolean("created", !existed);
                        w.WriteString("task", definition.Task.Id);
                        w.WriteString("questionnaire", definition.Questionnaire.Id);
                        w.WriteNumber("sections", definition.Questionnaire.Sections.Count);
                        w.WriteNumber("questions", questions);
                        w.WriteString("decisionModel", campaign.DecisionModel);
                        w.WriteNumber("workshopThreshold", campaign.WorkshopThreshold);
                        w.WriteString("startsAt", campaign.StartsAt);
                        w.WriteString("cycleLength", campaign.CycleLength.ToString("c", CultureInfo.InvariantCulture));
                        WriteCounts(w, "participants", participants);
                        w.WriteEndObject();
                    });
                }
                else
                {
                    context.Output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"campaign '{campaign.Id}' ({campaign.Name}) {(existed ? "was already" : "created")} in {runtime.Description}"));
                    context.Output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  task {definition.Task.Id}, questionnaire {definition.Questionnaire.Id} ({CommonOptions.Count(definition.Questionnaire.Sections.Count, "section")}, {CommonOptions.Count(questions, "question")})"));
                    context.Output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  model {campaign.DecisionModel}, workshop threshold {campaign.WorkshopThreshold:#,0.##}, a cycle every {Duration(campaign.CycleLength)} from {campaign.StartsAt:yyyy-MM-dd HH:mm} UTC"));
                    if (definition.Participants.Count > 0)
                    {
                        context.Output.WriteLine($"  participants: {Describe(participants)}");
                    }

                    context.Output.WriteLine("next: crowdsourcing campaign import PARTICIPANTS.csv, then crowdsourcing campaign cycle");
                }
            }
        }));
        return command;
    }

    private static Command Import(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The participants, as CSV with a header line." };
        var store = StoreOption();
        var format = CommonOptions.Format("table", "json");
        var command = new Command("import", $"""
            Import participants from a CSV file with a header line.

            The file is comma-separated UTF-8; a field with commas or quotes is put in double quotes (a quote inside
            doubled). The first line is the header, with the columns in any order:
              {ParticipantCsv.Header}
            id, displayName and layer (internal, trusted-partners, prequalified, general) are required; the others may
            be left out or empty; qualifications and colleagueIds are lists separated by ';'. A participant already in
            the store is updated when a field changed. The whole file is checked first: an error names the line and
            the column, and nothing is imported. The store must hold a campaign (crowdsourcing campaign init FILE creates
            it); the participants are stored in one transaction: all of them or none.

            Examples:
              crowdsourcing campaign import tools/Crowdsourcing.Cli/samples/participants.csv
              crowdsourcing campaign import experts.csv --store crowd.db --format json
            """)
        {
            file, store, format,
        };
        command.SetAction((parseResult, cancellationToken) => Guarded(async () =>
        {
            var csv = parseResult.GetRequiredValue(file);
            var rows = ParticipantCsv.ReadRows(csv);
            IReadOnlyList<Participant> participants = [.. rows.Select(r => r.Participant)];
            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                ParticipantCsv.Check(csv, rows, runtime.Limits.Check);
                await runtime.RequireCampaignAsync(cancellationToken).ConfigureAwait(false);
                Counts counts;
                if (context.Interactive && participants.Count > 0)
                {
                    counts = await context.ErrorConsole.Status().StartAsync(
                        $"importing {CommonOptions.Count(participants.Count, "participant")}",
                        async _ => await Upsert(runtime, participants, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                }
                else
                {
                    counts = await Upsert(runtime, participants, cancellationToken).ConfigureAwait(false);
                }

                if (parseResult.GetValue(format) == "json")
                {
                    CommonOptions.WriteJson(context, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("store", runtime.Description);
                        WriteCounts(w, "participants", counts);
                        w.WriteEndObject();
                    });
                }
                else
                {
                    context.Output.WriteLine($"{CommonOptions.Count(participants.Count, "participant")} imported into {runtime.Description}: {Describe(counts)}");
                }
            }
        }));
        return command;
    }

    private static Command Cycle(CliContext context)
    {
        var store = StoreOption();
        var campaignOption = CampaignOption();
        var force = new Option<bool>("--force") { Description = "Run the next cycle even when it is not due yet by the campaign's schedule; the record says who forced it." };
        var format = CommonOptions.Format("table", "json");
        var command = new Command("cycle", """
            Run the campaign's next decision cycle when it is due and print whom to contact and why.

            The cycle applies the readiness levels reported by the submissions since the last cycle, evaluates every
            participant of the crowd (MEU, the value of each intervention), contacts whom the campaign's policy chooses
            (campaign settings), moves every belief one week, and records the cycle. For each contact it prints the
            participant, the intervention, its value and cost, and why. Cycle t is due at startsAt + t x cycleLength:
            before then the command contacts nobody and shows the latest cycle and when the next is due, unless
            --force. A recorded cycle is never run twice.

            Examples:
              crowdsourcing campaign cycle
              crowdsourcing campaign cycle --force
              crowdsourcing campaign cycle --campaign client-assessments --format json
            """)
        {
            store, campaignOption, force, format,
        };
        command.SetAction((parseResult, cancellationToken) => Guarded(async () =>
        {
            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var campaign = await runtime.ResolveCampaignAsync(parseResult.GetValue(campaignOption), cancellationToken).ConfigureAwait(false);
                var forced = parseResult.GetValue(force);
                DecisionCycleOutcome outcome;
                if (context.Interactive)
                {
                    outcome = await context.ErrorConsole.Status().StartAsync(
                        $"running the next cycle of {campaign.Id}",
                        async _ => await runtime.Cycles.RunNextCycleAsync(campaign.Id, forced, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                }
                else
                {
                    outcome = await runtime.Cycles.RunNextCycleAsync(campaign.Id, forced, cancellationToken).ConfigureAwait(false);
                }

                if (parseResult.GetValue(format) == "json")
                {
                    WriteCycleJson(context, outcome);
                }
                else
                {
                    WriteCycleTable(context, campaign, outcome);
                }
            }
        }));
        return command;
    }

    private static Command Settings(CliContext context)
    {
        var store = StoreOption();
        var campaignOption = CampaignOption();
        var policy = new Option<string?>("--policy") { Description = "The contact policy: none, myopic, response-aware, planned, least-spend (or a host's own).", HelpName = "name" };
        var workshopWeek = new Option<int?>("--workshop-week") { Description = "The workshop week planned and least-spend plan for (0 to 10,000).", HelpName = "week" };
        var workshopDate = new Option<DateTimeOffset?>("--workshop-date") { Description = "The workshop's date, turned into a week by the campaign's cadence (when --workshop-week is not given).", HelpName = "date" };
        var threshold = new Option<double?>("--threshold") { Description = "The threshold least-spend reaches by the workshop week (default: the campaign's workshop threshold).", HelpName = "utility" };
        var budget = new Option<double?>("--budget") { Description = "A budget per cycle: contacts, or money with --budget-kind money.", HelpName = "amount" };
        var budgetKind = new Option<string?>("--budget-kind") { Description = "What --budget limits: count (contacts) or money.", HelpName = "kind" };
        budgetKind.AcceptOnlyFromAmong("count", "money");
        var noBudget = new Option<bool>("--no-budget") { Description = "Remove the budget per cycle." };
        var intervention = new Option<string[]>("--intervention")
        {
            Description = "An intervention the campaign may use and what it does: NAME, NAME=notification[:CHANNEL] or NAME=escalation (to the participant's manager). Repeat for several; the first one given replaces the list.",
            HelpName = "spec",
            AllowMultipleArgumentsPerToken = false,
        };
        var modelVersion = new Option<int?>("--model-version") { Description = "The version of the decision model the cycles use (from 1).", HelpName = "version" };
        var format = CommonOptions.Format("table", "json");
        var command = new Command("settings", """
            Show or change how the campaign decides whom to contact: the policy, the workshop week (or date), the
            threshold, a budget per cycle, the interventions allowed and what each does, the decision model version.

            Without options it shows the settings. With options it stores a new version of the campaign with the changed
            settings (who and when are recorded); the next cycle decides with them. The campaign file of `campaign init`
            takes the same settings under $.campaign.decision.

            Examples:
              crowdsourcing campaign settings
              crowdsourcing campaign settings --policy least-spend --workshop-week 11 --threshold 9000
              crowdsourcing campaign settings --policy planned --workshop-date 2026-03-23 --budget 50
              crowdsourcing campaign settings --budget 300 --budget-kind money
              crowdsourcing campaign settings --intervention email-campaign=notification:email
            """)
        {
            store, campaignOption, policy, workshopWeek, workshopDate, threshold, budget, budgetKind, noBudget, intervention, modelVersion, format,
        };
        command.SetAction((parseResult, cancellationToken) => Guarded(async () =>
        {
            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var campaign = await runtime.ResolveCampaignAsync(parseResult.GetValue(campaignOption), cancellationToken).ConfigureAwait(false);
                var settings = campaign.Decision;
                var changed = false;
                try
                {
                    if (parseResult.GetValue(policy) is { } p)
                    {
                        settings = settings with { Policy = p };
                        changed = true;
                    }

                    if (parseResult.GetValue(workshopWeek) is { } w)
                    {
                        settings = settings with { WorkshopWeek = w };
                        changed = true;
                    }

                    if (parseResult.GetValue(workshopDate) is { } d)
                    {
                        settings = settings with { WorkshopDate = d, WorkshopWeek = parseResult.GetValue(workshopWeek) };
                        changed = true;
                    }

                    if (parseResult.GetValue(threshold) is { } t)
                    {
                        settings = settings with { Threshold = t };
                        changed = true;
                    }

                    if (parseResult.GetValue(noBudget))
                    {
                        settings = settings with { Budget = null };
                        changed = true;
                    }

                    if (parseResult.GetValue(budget) is { } b)
                    {
                        settings = settings with { Budget = b };
                        changed = true;
                    }

                    if (parseResult.GetValue(budgetKind) is { } k)
                    {
                        settings = settings with { BudgetKind = k };
                        changed = true;
                    }

                    if (parseResult.GetValue(intervention) is { Length: > 0 } specs)
                    {
                        settings = settings with { Interventions = [.. specs.Select(ParseIntervention)] };
                        changed = true;
                    }

                    if (parseResult.GetValue(modelVersion) is { } v)
                    {
                        settings = settings with { ModelVersion = v };
                        changed = true;
                    }
                }
                catch (ValidationFailedException ex)
                {
                    throw new CliException(ex.Message);
                }

                if (changed)
                {
                    campaign = await runtime.Campaigns.UpdateDecisionSettingsAsync(campaign.Id, settings, campaign.Version, cancellationToken).ConfigureAwait(false);
                }

                WriteSettings(context, campaign, changed, parseResult.GetValue(format) == "json");
            }
        }));
        return command;
    }

    private static Command Learn(CliContext context)
    {
        var store = StoreOption();
        var campaignOption = CampaignOption();
        var adopt = new Option<bool>("--adopt") { Description = "Adopt the learned model as the campaign's next model version (recorded with who, when and from which cycles); the next cycles decide with it." };
        var format = CommonOptions.Format("table", "json");
        var command = new Command("learn", """
            Learn the campaign's decision model from its own history: whom each cycle contacted and with what, and the
            states the participants reported week by week. Prints the learned T, C_k and r_k beside the model the
            campaign uses now, with credible intervals and the fit (log-likelihood, the share of weeks observed), and how
            the plan would change: the campaign's policy from now under the current and the learned model (expected total
            at the workshop week, expected spend, contacts this cycle, the projected crossing week). Where analysts
            reviewed reports (campaign review), it also learns each intervention's report model O (the probability that
            a participant at one level is reported at another) and --adopt keeps it. The current model is
            the prior (Crowdsourcing:Learning:PriorStrength pseudo-observations per row and rate, default 10): a short
            history stays near it, a long one follows the data. Records nothing unless --adopt is given.

            Examples:
              crowdsourcing campaign learn
              crowdsourcing campaign learn --adopt
              crowdsourcing campaign learn --format json
            """)
        {
            store, campaignOption, adopt, format,
        };
        command.SetAction((parseResult, cancellationToken) => Guarded(async () =>
        {
            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var campaign = await runtime.ResolveCampaignAsync(parseResult.GetValue(campaignOption), cancellationToken).ConfigureAwait(false);
                var estimate = await runtime.Learning.LearnAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
                Campaign? adopted = null;
                if (parseResult.GetValue(adopt))
                {
                    adopted = await runtime.Learning.AdoptAsync(campaign.Id, campaign.Version, cancellationToken).ConfigureAwait(false);
                }

                WriteEstimate(context, estimate, adopted, parseResult.GetValue(format) == "json");
            }
        }));
        return command;
    }

    private static void WriteEstimate(CliContext context, Crowdsourcing.Learning.CampaignModelEstimate estimate, Campaign? adopted, bool json)
    {
        var learned = estimate.Learned;
        var current = estimate.Current;
        if (json)
        {
            CommonOptions.WriteJson(context, w =>
            {
                w.WriteStartObject();
                w.WriteString("campaign", estimate.CampaignId);
                w.WriteNumber("currentModelVersion", estimate.CurrentVersion);
                w.WriteNumber("fromCycle", estimate.FromCycle);
                w.WriteNumber("toCycle", estimate.ToCycle);
                w.WriteNumber("contacts", estimate.Contacts);
                w.WriteNumber("reports", estimate.Reports);
                w.WriteNumber("reviewedReports", estimate.ReviewedReports);
                w.WriteNumber("participants", learned.Participants);
                w.WriteNumber("participantWeeks", learned.ParticipantWeeks);
                w.WriteNumber("observedFraction", learned.ObservedFraction);
                w.WriteNumber("logLikelihood", learned.LogLikelihood);
                w.WriteNumber("logLikelihoodPerWeek", estimate.LogLikelihoodPerWeek);
                w.WriteNumber("iterations", learned.Iterations);
                w.WriteBoolean("converged", learned.Converged);
                w.WriteNumber("largestChange", estimate.LargestChange);
                w.WriteNumber("intervalLevel", learned.IntervalLevel);
                WriteMatrix(w, "transition", current.Transition, learned.Transition);
                w.WriteStartArray("interventions");
                foreach (var k in learned.Interventions)
                {
                    var now = current.Interventions[current.IndexOfIntervention(k.Name)];
                    w.WriteStartObject();
                    w.WriteString("name", k.Name);
                    WriteMatrix(w, "transition", now.Transition, k.Transition);
                    w.WriteStartArray("responseRates");
                    for (var x = 0; x < k.ResponseRate.Estimate.Count; x++)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("current", now.GetResponseRate(Math.Min(x, current.StateCount - 1)));
                        w.WriteNumber("learned", k.ResponseRate.Estimate[x]);
                        w.WriteNumber("lower", k.ResponseRate.Lower[x]);
                        w.WriteNumber("upper", k.ResponseRate.Upper[x]);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    if (k.ReportModel is { } reportModel)
                    {
                        WriteMatrix(w, "reportModel", now.ReportModel ?? Crowdsourcing.Decision.Models.DecisionMatrix.Identity(current.StateCount), reportModel);
                        w.WriteNumber("reviewedReports", k.ReviewedReports);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("priorStrength", estimate.PriorStrength);
                if (estimate.Plans is { } plans)
                {
                    w.WriteStartObject("plans");
                    w.WriteNumber("week", plans.Week);
                    PlanReportCommand.WritePlan(w, "current", plans.Current);
                    PlanReportCommand.WritePlan(w, "learned", plans.Learned);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNull("plans");
                    w.WriteString("plansUnavailable", estimate.PlansUnavailable);
                }

                if (adopted is not null)
                {
                    w.WriteNumber("adoptedModelVersion", adopted.Decision.ModelVersion);
                    w.WriteNumber("campaignVersion", adopted.Version);
                }

                w.WriteEndObject();
            });
            return;
        }

        var o = context.Output;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"learned from cycles {estimate.FromCycle}-{estimate.ToCycle} of '{estimate.CampaignId}': {learned.Participants:#,0} participants, {learned.ParticipantWeeks:#,0} participant-weeks ({learned.ObservedFraction:0.#%} observed), {estimate.Contacts:#,0} contacts, {estimate.Reports:#,0} reports ({estimate.ReviewedReports:#,0} reviewed by an analyst)"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fit: log-likelihood {learned.LogLikelihood:0.##} ({estimate.LogLikelihoodPerWeek:0.####} per participant-week), {learned.Iterations} EM iterations, {(learned.Converged ? "converged" : "not converged")}; largest change from model version {estimate.CurrentVersion}: {estimate.LargestChange:0.###}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"each entry: current -> learned [{learned.IntervalLevel:0%} interval]"));
        WriteMatrixTable(o, "T (left alone)", current.States, current.Transition, learned.Transition);
        foreach (var k in learned.Interventions)
        {
            var now = current.Interventions[current.IndexOfIntervention(k.Name)];
            WriteMatrixTable(o, $"C {k.Name}", current.States, now.Transition, k.Transition);
            for (var x = 0; x < k.ResponseRate.Estimate.Count; x++)
            {
                var label = k.ResponseRate.StateDependent ? $" in {current.States[x]}" : string.Empty;
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  response rate{label}: {now.GetResponseRate(Math.Min(x, current.StateCount - 1)):0.###} -> {k.ResponseRate.Estimate[x]:0.###} [{k.ResponseRate.Lower[x]:0.###}, {k.ResponseRate.Upper[x]:0.###}]"));
            }

            if (k.ReportModel is { } reportModel)
            {
                WriteMatrixTable(o, string.Create(CultureInfo.InvariantCulture, $"O {k.Name} (report model, row: the true level, column: the reported level; from {k.ReviewedReports:#,0} reviewed reports)"), current.States, now.ReportModel ?? Crowdsourcing.Decision.Models.DecisionMatrix.Identity(current.StateCount), reportModel);
            }
        }

        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prior: the current model counts for {estimate.PriorStrength:0.##} observations per row and rate (Crowdsourcing:Learning:PriorStrength)"));
        if (estimate.Plans is { } plans)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"how the plan would change ({plans.Current.Policy}, from week {plans.Week}):"));
            foreach (var (label, plan) in new[] { ("current model", plans.Current), ("learned model", plans.Learned) })
            {
                var atWorkshop = plan.ExpectedTotalAtWorkshop is { } total ? string.Create(CultureInfo.InvariantCulture, $"expected total {total:#,0.##} at the workshop week, ") : string.Empty;
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label}: {atWorkshop}expected spend {plan.ExpectedSpend:#,0.##}, {plan.NextCycleContacts:#,0.#} contacts this cycle; crossing {PlanReportCommand.Crossing(plan)}"));
            }
        }
        else if (estimate.PlansUnavailable is { } why)
        {
            o.WriteLine("how the plan would change: not available: " + why);
        }

        o.WriteLine(adopted is null
            ? "nothing was recorded; --adopt makes the learned model the campaign's next model version"
            : string.Create(CultureInfo.InvariantCulture, $"adopted as model version {adopted.Decision.ModelVersion} of '{adopted.Id}' (campaign version {adopted.Version}); the next cycles decide with it"));
    }

    private static void WriteMatrix(System.Text.Json.Utf8JsonWriter w, string name, Crowdsourcing.Decision.Models.DecisionMatrix current, Crowdsourcing.Decision.Learning.LearnedMatrix learned)
    {
        w.WriteStartObject(name);
        foreach (var (label, matrix) in new[] { ("current", current), ("learned", learned.Estimate), ("lower", learned.Lower), ("upper", learned.Upper) })
        {
            w.WriteStartArray(label);
            foreach (var row in matrix.ToRows())
            {
                w.WriteStartArray();
                foreach (var value in row)
                {
                    w.WriteNumberValue(value);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteMatrixTable(TextWriter o, string title, IReadOnlyList<string> states, Crowdsourcing.Decision.Models.DecisionMatrix current, Crowdsourcing.Decision.Learning.LearnedMatrix learned)
    {
        o.WriteLine(title);
        for (var x = 0; x < states.Count; x++)
        {
            var cells = Enumerable.Range(0, states.Count).Select(y => string.Create(CultureInfo.InvariantCulture, $"{states[y]} {current[x, y]:0.###} -> {learned.Estimate[x, y]:0.###} [{learned.Lower[x, y]:0.###}, {learned.Upper[x, y]:0.###}]"));
            o.WriteLine($"  from {states[x]}: {string.Join("; ", cells)}");
        }
    }

    /// <summary>NAME, NAME=notification[:CHANNEL] or NAME=escalation.</summary>
    private static InterventionSetting ParseIntervention(string spec)
    {
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            return new InterventionSetting(spec.Trim());
        }

        var name = spec[..equals].Trim();
        var effect = spec[(equals + 1)..].Trim();
        var colon = effect.IndexOf(':', StringComparison.Ordinal);
        var channel = colon < 0 ? null : effect[(colon + 1)..].Trim();
        effect = colon < 0 ? effect : effect[..colon];
        if (!EnumNames.TryParse<InterventionEffect>(effect, out var parsed))
        {
            throw new CliException($"--intervention '{spec}': the effect must be notification or escalation; got '{effect}'");
        }

        return new InterventionSetting(name, parsed, channel);
    }

    private static void WriteSettings(CliContext context, Campaign campaign, bool changed, bool json)
    {
        var d = campaign.Decision;
        var week = d.ResolveWorkshopWeek(campaign.StartsAt, campaign.CycleLength);
        if (json)
        {
            CommonOptions.WriteJson(context, w =>
            {
                w.WriteStartObject();
                w.WriteString("campaign", campaign.Id);
                w.WriteNumber("version", campaign.Version);
                w.WriteBoolean("changed", changed);
                WriteNullable(w, "modifiedBy", campaign.ModifiedBy);
                w.WriteString("policy", d.Policy ?? "(the runtime's configured policy)");
                WriteNullable(w, "workshopWeek", week);
                if (d.WorkshopDate is { } date)
                {
                    w.WriteString("workshopDate", date);
                }

                w.WriteNumber("threshold", d.Threshold ?? campaign.WorkshopThreshold);
                if (d.Budget is { } budget)
                {
                    w.WriteNumber("budget", budget);
                    w.WriteString("budgetKind", d.BudgetKind);
                }
                else
                {
                    w.WriteNull("budget");
                }

                w.WriteStartArray("interventions");
                foreach (var i in d.Interventions)
                {
                    w.WriteStartObject();
                    w.WriteString("name", i.Name);
                    w.WriteString("effect", EnumNames.Of(i.Effect));
                    WriteNullable(w, "channel", i.Channel);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("modelVersion", d.ModelVersion);
                w.WriteEndObject();
            });
            return;
        }

        var o = context.Output;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(changed ? "stored" : "decision settings of")} '{campaign.Id}' (version {campaign.Version}{(campaign.ModifiedBy is null ? string.Empty : $", by {campaign.ModifiedBy}")}):"));
        o.WriteLine($"  policy: {d.Policy ?? "the runtime's configured policy"}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  workshop week: {(week is { } wk ? wk.ToString(CultureInfo.InvariantCulture) : "none")}{(d.WorkshopDate is { } dt ? $" (from the date {dt:yyyy-MM-dd})" : string.Empty)}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  threshold: {d.Threshold ?? campaign.WorkshopThreshold:#,0.##}"));
        o.WriteLine(d.Budget is { } amount ? string.Create(CultureInfo.InvariantCulture, $"  budget per cycle: {amount:#,0.##} ({(d.BudgetKind == "money" ? "money" : "contacts")})") : "  budget per cycle: none");
        o.WriteLine(d.Interventions.Count == 0
            ? "  interventions: every intervention of the model, as a notification"
            : $"  interventions: {string.Join(", ", d.Interventions.Select(i => $"{i.Name} ({EnumNames.Of(i.Effect)}{(i.Channel is null ? string.Empty : $" on {i.Channel}")})"))}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  decision model: {campaign.DecisionModel}, version {d.ModelVersion}"));
    }

    private static Command Record(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The submission (JSON)." };
        var store = StoreOption();
        var campaignOption = CampaignOption();
        var format = CommonOptions.Format("table", "json");
        var command = new Command("record", """
            Record a participant's submission from a JSON file and print its assessment.

            The assessment is accepted, or reopened with the rules the submission broke, and gives the readiness level
            it shows (the state the next cycle will use for the participant). The file:
              {"assignment": "acme-alice", "participant": "alice",
               "subject": {"id": "acme", "name": "ACME Corp"},
               "answers": {"w1-q1": "SAP ERP", "w1-q2": "yes"}}
            answers maps question ids to text (null clears an answer). The assignment is created for the participant
            when it does not exist (then subject is required); "campaign" may name the campaign (default --campaign,
            or the store's only campaign).

            Examples:
              crowdsourcing campaign record tools/Crowdsourcing.Cli/samples/submission.json
              crowdsourcing campaign record answers.json --campaign client-assessments --format json
            """)
        {
            file, store, campaignOption, format,
        };
        command.SetAction((parseResult, cancellationToken) => Guarded(async () =>
        {
            var submission = SubmissionFile.Read(parseResult.GetRequiredValue(file));
            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var campaign = await runtime.ResolveCampaignAsync(submission.Campaign ?? parseResult.GetValue(campaignOption), cancellationToken).ConfigureAwait(false);
                var existing = await runtime.Store.Assignments.FindAsync(submission.Assignment, cancellationToken).ConfigureAwait(false);
                SubmissionOutcome outcome;
                if (existing is null)
                {
                    // A new request is created with the submission, in one commit: a refused submission creates nothing.
                    var subject = submission.Subject
                        ?? throw new CliException($"{parseResult.GetRequiredValue(file).Name}: $.subject is needed: assignment '{submission.Assignment}' does not exist yet and is created with it");
                    outcome = await runtime.Assignments.SubmitOnBehalfAsync(new NewAssignment(submission.Assignment, campaign.Id, subject, [submission.Participant]), submission.Participant, submission.Answers, cancellationToken).ConfigureAwait(false);
                }
                else if (!string.Equals(existing.CampaignId, campaign.Id, StringComparison.Ordinal))
                {
                    throw new CliException($"assignment '{existing.Id}' belongs to campaign '{existing.CampaignId}', not '{campaign.Id}'");
                }
                else
                {
                    outcome = await runtime.Assignments.SubmitOnBehalfAsync(submission.Assignment, submission.Participant, submission.Answers, cancellationToken).ConfigureAwait(false);
                }

                var assessment = outcome.Assessment;
                if (parseResult.GetValue(format) == "json")
                {
                    CommonOptions.WriteJson(context, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("campaign", campaign.Id);
                        w.WriteString("assignment", outcome.Assignment.Id);
                        w.WriteString("participant", submission.Participant);
                        w.WriteBoolean("created", existing is null);
                        w.WriteBoolean("accepted", outcome.Accepted);
                        w.WriteString("status", Kebab(outcome.Assignment.Status));
                        w.WriteString("readinessLevel", assessment.ReadinessLevel);
                        w.WriteStartArray("violations");
                        foreach (var v in assessment.Violations)
                        {
                            w.WriteStartObject();
                            w.WriteString("rule", v.RuleId);
                            w.WriteString("message", v.Message);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteString("assessedAt", assessment.AssessedAt);
                        w.WriteEndObject();
                    });
                }
                else
                {
                    context.Output.WriteLine(
                        $"assignment '{outcome.Assignment.Id}' ({outcome.Assignment.Subject.Name}) by {submission.Participant}{(existing is null ? ", created" : string.Empty)}: "
                        + $"{(outcome.Accepted ? "accepted" : "reopened")}; readiness level {assessment.ReadinessLevel}");
                    foreach (var v in assessment.Violations)
                    {
                        context.Output.WriteLine($"  - {v.RuleId}: {v.Message}");
                    }
                }
            }
        }));
        return command;
    }

    private static Command Status(CliContext context)
    {
        var store = StoreOption();
        var campaignOption = CampaignOption();
        var top = new Option<int>("--invitees") { Description = "How many invitees to list (JSON lists all of them).", DefaultValueFactory = _ => 10, HelpName = "count" };
        var format = CommonOptions.Format("table", "json");
        var command = new Command("status", """
            Show where the campaign stands: totals, cycles run, and the workshop recommendation.

            The totals are the participants (in the store, in the campaign's crowd) and the assignments by status; then
            the decision cycles run, the total expected utility, and the workshop recommendation: hold it or not (the
            total against the threshold) and whom to invite, best first.

            Examples:
              crowdsourcing campaign status
              crowdsourcing campaign status --campaign client-assessments --format json
            """)
        {
            store, campaignOption, top, format,
        };
        command.SetAction((parseResult, cancellationToken) => Guarded(async () =>
        {
            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var s = runtime.Store;
                var campaign = await runtime.ResolveCampaignAsync(parseResult.GetValue(campaignOption), cancellationToken).ConfigureAwait(false);
                var inStore = await CountAsync(s.Participants.ListAsync(PageRequest.All, cancellationToken)).ConfigureAwait(false);
                var crowd = await CountAsync(runtime.Campaigns.ListCrowdAsync(campaign.Id, cancellationToken)).ConfigureAwait(false);
                var byStatus = Enum.GetValues<AssignmentStatus>().ToDictionary(x => x, _ => 0);
                await foreach (var assignment in s.Assignments.ListByCampaignAsync(campaign.Id, PageRequest.All, cancellationToken).ConfigureAwait(false))
                {
                    byStatus[assignment.Status]++;
                }

                var cycles = new List<DecisionCycleRecord>();
                await foreach (var record in s.Cycles.ListAsync(campaign.Id, cancellationToken).ConfigureAwait(false))
                {
                    cycles.Add(record);
                }

                var latest = cycles.OrderBy(c => c.Cycle).LastOrDefault();
                var workshop = await runtime.Cycles.GetWorkshopRecommendationAsync(campaign.Id, cancellationToken).ConfigureAwait(false);
                var n = Math.Max(0, parseResult.GetValue(top));

                // Before the first cycle the runtime takes every participant at the model's prior (their week-0 belief);
                // say what that prior is and what it is worth, so that week 0's total can be read.
                var prior = latest is null && runtime.Models.TryGetModel(campaign.DecisionModel, out var registered)
                    ? new PriorAtWeekZero(registered, new DecisionEvaluator(registered.Model).MaximumExpectedUtility(registered.InitialBelief))
                    : null;
                if (parseResult.GetValue(format) == "json")
                {
                    CommonOptions.WriteJson(context, w =>
                    {
                        w.WriteStartObject();
                        w.WriteStartObject("campaign");
                        w.WriteString("id", campaign.Id);
                        w.WriteString("name", campaign.Name);
                        w.WriteString("decisionModel", campaign.DecisionModel);
                        w.WriteNumber("workshopThreshold", campaign.WorkshopThreshold);
                        w.WriteString("startsAt", campaign.StartsAt);
                        w.WriteString("cycleLength", campaign.CycleLength.ToString("c", CultureInfo.InvariantCulture));
                        w.WriteEndObject();
                        w.WriteStartObject("participants");
                        w.WriteNumber("inStore", inStore);
                        w.WriteNumber("inCrowd", crowd);
                        w.WriteEndObject();
                        w.WriteStartObject("assignments");
                        w.WriteNumber("total", byStatus.Values.Sum());
                        foreach (var (status, count) in byStatus)
                        {
                            w.WriteNumber(Kebab(status), count);
                        }

                        w.WriteEndObject();
                        w.WriteStartObject("cycles");
                        w.WriteNumber("run", cycles.Count);
                        w.WriteNumber("contacts", cycles.Sum(c => c.Contacts.Count));
                        w.WriteNumber("spend", cycles.Sum(c => c.Contacts.Sum(x => x.Cost)));
                        if (latest is null)
                        {
                            w.WriteNull("latest");
                        }
                        else
                        {
                            w.WriteStartObject("latest");
                            w.WriteNumber("cycle", latest.Cycle);
                            w.WriteString("decidedAt", latest.DecidedAt);
                            w.WriteNumber("totalExpectedUtility", CommonOptions.Figure(latest.TotalExpectedUtility));
                            w.WriteNumber("contacts", latest.Contacts.Count);
                            w.WriteEndObject();
                        }

                        w.WriteEndObject();
                        w.WriteNumber("totalExpectedUtility", CommonOptions.Figure(workshop.TotalExpectedUtility));
                        if (prior is null)
                        {
                            w.WriteNull("prior");
                        }
                        else
                        {
                            w.WriteStartObject("prior");
                            w.WriteStartObject("belief");
                            for (var x = 0; x < prior.Model.Model.StateCount; x++)
                            {
                                w.WriteNumber(prior.Model.Model.States[x], prior.Model.InitialBelief[x]);
                            }

                            w.WriteEndObject();
                            w.WriteNumber("expectedUtility", CommonOptions.Figure(prior.Choice.ExpectedUtility));
                            w.WriteString("bestAction", prior.Choice.Action);
                            w.WriteEndObject();
                        }

                        w.WriteStartObject("workshop");
                        w.WriteNumber("week", workshop.Week);
                        w.WriteBoolean("hold", workshop.Hold);
                        w.WriteNumber("totalExpectedUtility", CommonOptions.Figure(workshop.TotalExpectedUtility));
                        w.WriteNumber("threshold", workshop.Threshold);
                        w.WriteNumber("participants", workshop.Participants);
                        w.WriteStartArray("invitees");
                        foreach (var invitee in workshop.Invitees)
                        {
                            w.WriteStartObject();
                            w.WriteNumber("rank", invitee.Rank);
                            w.WriteString("participant", invitee.ParticipantId);
                            w.WriteNumber("expectedUtility", CommonOptions.Figure(invitee.ExpectedUtility));
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                        w.WriteEndObject();
                    });
                    return;
                }

                var o = context.Output;
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"campaign '{campaign.Id}' ({campaign.Name}) in {runtime.Description}"));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  model {campaign.DecisionModel}, workshop threshold {campaign.WorkshopThreshold:#,0.##}, a cycle every {Duration(campaign.CycleLength)} from {campaign.StartsAt:yyyy-MM-dd HH:mm} UTC"));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"participants: {inStore:N0} in the store, {crowd:N0} in the campaign's crowd"));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"assignments: {byStatus.Values.Sum():N0} ({string.Join(", ", byStatus.Select(p => $"{Kebab(p.Key)} {p.Value:N0}"))})"));
                o.WriteLine(latest is null
                    ? "cycles run: 0 (run one with: crowdsourcing campaign cycle)"
                    : string.Create(CultureInfo.InvariantCulture, $"cycles run: {cycles.Count} ({CommonOptions.Count(cycles.Sum(c => c.Contacts.Count), "contact")}, spend {cycles.Sum(c => c.Contacts.Sum(x => x.Cost)):#,0.##}); latest: cycle {latest.Cycle} on {latest.DecidedAt:yyyy-MM-dd HH:mm} UTC, {CommonOptions.Count(latest.Contacts.Count, "contact")}"));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total expected utility: {workshop.TotalExpectedUtility:#,0.##} at week {workshop.Week} (threshold {workshop.Threshold:#,0.##})"));
                if (prior is not null)
                {
                    var belief = string.Join(", ", prior.Model.Model.States.Select((state, x) => string.Create(CultureInfo.InvariantCulture, $"{state} {prior.Model.InitialBelief[x]:0.###}")));
                    o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  week 0, before the first cycle: each participant is at the model's prior ({belief}), worth {prior.Choice.ExpectedUtility:#,0.##} (best action {prior.Choice.Action}), unless a submission reported their state"));
                }
                o.WriteLine(workshop.Hold
                    ? string.Create(CultureInfo.InvariantCulture, $"workshop: hold it; invite {workshop.Invitees.Count:N0} of {CommonOptions.Count(workshop.Participants, "participant")}")
                    : string.Create(CultureInfo.InvariantCulture, $"workshop: not yet ({workshop.Threshold - workshop.TotalExpectedUtility:#,0.##} below the threshold); {workshop.Invitees.Count:N0} of {CommonOptions.Count(workshop.Participants, "participant")} would be invited now"));
                foreach (var invitee in workshop.Invitees.Take(n))
                {
                    o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {invitee.Rank,3}. {invitee.ParticipantId} (expected utility {invitee.ExpectedUtility:0.##})"));
                }

                if (workshop.Invitees.Count > n)
                {
                    o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ... and {workshop.Invitees.Count - n:N0} more (--invitees N, or --format json)"));
                }
            }
        }));
        return command;
    }

    private static void WriteCycleTable(CliContext context, Campaign campaign, DecisionCycleOutcome outcome)
    {
        var o = context.Output;
        if (outcome.AlreadyRecorded)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cycle {outcome.Cycle} of '{campaign.Id}' was already recorded; nobody was contacted again.{(outcome.NextDueAt is { } due ? $" The next cycle is due at {due.UtcDateTime:yyyy-MM-dd HH:mm} UTC (--force runs it now)." : string.Empty)}"));
        }
        else
        {
            o.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"cycle {outcome.Cycle} of '{campaign.Id}' (week {outcome.Cycle - 1} to week {outcome.Cycle}), model {outcome.ModelName}, policy {outcome.Policy}: {CommonOptions.Count(outcome.Participants ?? 0, "participant")}, {CommonOptions.Count(outcome.ReportsApplied ?? 0, "report")} applied, {outcome.PriorsUsed:N0} started from the prior"));
        }

        o.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"contact {CommonOptions.Count(outcome.Contacts.Count, "participant")}, spend {outcome.Spend:#,0.##}; total expected utility of week {outcome.Week}: {outcome.TotalExpectedUtility:#,0.##} (threshold {campaign.WorkshopThreshold:#,0.##})"));
        var r = outcome.Record;
        if (r.Policy is not null)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"policy {r.Policy}, decision model version {r.ModelVersion}{(r.ForcedBy is null ? string.Empty : $", forced by {r.ForcedBy} before it was due")}"));
        }

        if (r.Budget is { } budget)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"budget {budget:#,0.##} per cycle: used {r.BudgetUsed:#,0.##}, price {r.BudgetPrice:0.###} per unit"));
        }

        if (r.PlannedTotal is { } planned)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan for the {CommonOptions.Count(r.WeeksToWorkshop ?? 0, "week")} to the workshop: expected total {planned:#,0.#}, expected spend {r.PlannedSpend:#,0.#} (bound {r.PlanBound:#,0.#})"));
        }

        if (outcome.Contacts.Count == 0)
        {
            return;
        }

        var table = new Table()
            .AddColumn("Participant")
            .AddColumn("Intervention")
            .AddColumn(new TableColumn("Value").RightAligned())
            .AddColumn(new TableColumn("Cost").RightAligned())
            .AddColumn(new TableColumn("Net").RightAligned())
            .AddColumn("Best action if left alone")
            .AddColumn(new TableColumn("MEU if left alone").RightAligned())
            .AddColumn("Why");
        var reasons = r.Contacts.ToDictionary(c => c.ParticipantId, c => c.Reason, StringComparer.Ordinal);
        foreach (var c in outcome.Contacts)
        {
            table.AddRow(
                Markup.Escape(c.ParticipantId),
                Markup.Escape(c.Intervention),
                CommonOptions.Number(c.Value, "0.###"),
                CommonOptions.Number(c.Cost, "0.###"),
                CommonOptions.Number(c.NetValue, "0.###"),
                Markup.Escape(c.BestActionWithoutContact ?? "-"),
                c.ExpectedUtilityWithoutContact is { } meu ? CommonOptions.Number(meu, "0.###") : "-",
                Markup.Escape(c.Reason ?? reasons.GetValueOrDefault(c.ParticipantId) ?? "-"));
        }

        context.Console.Write(table);
        o.WriteLine(r.Policy is null or "myopic"
            ? "Contact when the value of the intervention (what knowing the state and acting on it is worth) exceeds its cost."
            : $"The {r.Policy} policy decided; the last column says why each participant is contacted.");
    }

    private static void WriteCycleJson(CliContext context, DecisionCycleOutcome outcome)
    {
        CommonOptions.WriteJson(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("campaign", outcome.CampaignId);
            w.WriteNumber("cycle", outcome.Cycle);
            w.WriteNumber("week", outcome.Week);
            w.WriteBoolean("alreadyRecorded", outcome.AlreadyRecorded);
            WriteNullable(w, "model", outcome.ModelName);
            WriteNullable(w, "policy", outcome.Policy);
            WriteNullable(w, "participants", outcome.Participants);
            WriteNullable(w, "reportsApplied", outcome.ReportsApplied);
            WriteNullable(w, "priorsUsed", outcome.PriorsUsed);
            w.WriteNumber("totalExpectedUtility", CommonOptions.Figure(outcome.TotalExpectedUtility));
            w.WriteNumber("spend", outcome.Spend);
            w.WriteString("decidedAt", outcome.Record.DecidedAt);
            var r = outcome.Record;
            WriteNullable(w, "modelVersion", r.ModelVersion);
            WriteNullable(w, "forcedBy", r.ForcedBy);
            if (outcome.NextDueAt is { } due)
            {
                w.WriteString("nextDueAt", due);
            }

            WriteNumberOrNull(w, "budget", r.Budget);
            WriteNumberOrNull(w, "budgetUsed", r.BudgetUsed);
            WriteNumberOrNull(w, "budgetPrice", r.BudgetPrice);
            WriteNullable(w, "weeksToWorkshop", r.WeeksToWorkshop);
            WriteNumberOrNull(w, "plannedTotal", r.PlannedTotal);
            WriteNumberOrNull(w, "plannedSpend", r.PlannedSpend);
            WriteNumberOrNull(w, "planBound", r.PlanBound);
            var why = r.Contacts.ToDictionary(c => c.ParticipantId, c => c.Reason, StringComparer.Ordinal);
            w.WriteStartArray("contacts");
            foreach (var c in outcome.Contacts)
            {
                w.WriteStartObject();
                w.WriteString("participant", c.ParticipantId);
                w.WriteString("intervention", c.Intervention);
                w.WriteNumber("value", c.Value);
                w.WriteNumber("cost", c.Cost);
                w.WriteNumber("netValue", c.NetValue);
                WriteNullable(w, "bestActionWithoutContact", c.BestActionWithoutContact);
                if (c.ExpectedUtilityWithoutContact is { } meu)
                {
                    w.WriteNumber("expectedUtilityWithoutContact", meu);
                }
                else
                {
                    w.WriteNull("expectedUtilityWithoutContact");
                }

                w.WriteString("reason", c.Describe());
                WriteNullable(w, "why", c.Reason ?? why.GetValueOrDefault(c.ParticipantId));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>The campaign's decision model is one of the presets the command line registers, and its states are the
    /// campaign's readiness levels, in order. Checked before the store is opened.</summary>
    private static void CheckModel(Campaign campaign, string fileName)
    {
        if (!DecisionPresets.TryGet(campaign.DecisionModel, out var preset))
        {
            throw new CliException($"{fileName}: $.campaign.decisionModel is '{campaign.DecisionModel}'; the command line knows the presets {string.Join(", ", DecisionPresets.Names.Order(StringComparer.Ordinal))}");
        }

        var levels = campaign.Readiness.Levels.Select(l => l.Name).ToArray();
        if (!levels.SequenceEqual(preset.Model.States, StringComparer.Ordinal))
        {
            throw new CliException($"{fileName}: $.campaign.readiness.levels are {string.Join(", ", levels)}; model '{preset.Name}' has the states {string.Join(", ", preset.Model.States)}, which the levels must name in the same order");
        }
    }

    /// <summary>
    /// Stores the campaign file: its task, questionnaire and participants in one transaction, then the campaign
    /// through the runtime (which checks it against them). Running it again with the same file changes nothing.
    /// </summary>
    private static async Task<(bool Existed, Campaign Campaign, Counts Participants)> InitAsync(RuntimeHost runtime, CampaignFile definition, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var s = runtime.Store;
        var changes = new ChangeSet()
            .Insert(definition.Task with { Version = 0, ModifiedBy = Who, ModifiedAt = now })
            .Insert(definition.Questionnaire with { Version = 0, ModifiedBy = Who, ModifiedAt = now });
        var participants = await StageParticipantsAsync(runtime, definition.Participants, changes, cancellationToken).ConfigureAwait(false);
        await s.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
        var existed = await s.Campaigns.FindAsync(definition.Campaign.Id, cancellationToken).ConfigureAwait(false) is not null;
        var campaign = await runtime.Campaigns.CreateAsync(definition.Campaign, cancellationToken).ConfigureAwait(false);
        return (existed, campaign, participants);
    }

    /// <summary>Checks the campaign file's task, questionnaire and participants against the configured input limits
    /// (<c>Crowdsourcing__Limits__…</c>), naming the file and the JSON path; the campaign service checks the campaign.</summary>
    private static void CheckLimits(RuntimeHost runtime, CampaignFile definition, string fileName)
    {
        var limits = runtime.Limits;
        At("$.task", () => limits.Check(definition.Task));
        At("$.questionnaire", () => limits.Check(definition.Questionnaire));
        for (var i = 0; i < definition.Participants.Count; i++)
        {
            var participant = definition.Participants[i];
            At(string.Create(CultureInfo.InvariantCulture, $"$.participants[{i}]"), () => limits.Check(participant));
        }

        void At(string path, Action check)
        {
            try
            {
                check();
            }
            catch (ValidationFailedException ex)
            {
                throw new CliException($"{fileName}: {path}: {CliApp.OneLine(ex.Message)}", ex);
            }
        }
    }

    /// <summary>Copies the store's own versions of the records a campaign file touches into the scratch copy, so that
    /// the trial meets the same duplicates and the same crowd.</summary>
    private static async Task CopyTouchedRecordsAsync(RuntimeHost from, RuntimeHost to, CampaignFile definition, CancellationToken cancellationToken)
    {
        var source = from.Store;
        var target = to.Store;
        if (await source.Tasks.FindAsync(definition.Task.Id, cancellationToken).ConfigureAwait(false) is { } task)
        {
            await target.Tasks.InsertAsync(task with { Version = 0 }, cancellationToken).ConfigureAwait(false);
        }

        if (await source.Questionnaires.FindAsync(definition.Questionnaire.Id, cancellationToken).ConfigureAwait(false) is { } questionnaire)
        {
            await target.Questionnaires.InsertAsync(questionnaire with { Version = 0 }, cancellationToken).ConfigureAwait(false);
        }

        foreach (var id in definition.Participants.Select(p => p.Id).Concat(definition.Campaign.Crowd.ParticipantIds).Distinct(StringComparer.Ordinal))
        {
            if (await source.Participants.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } participant)
            {
                await target.Participants.InsertAsync(participant with { Version = 0 }, cancellationToken).ConfigureAwait(false);
            }
        }

        if (await source.Campaigns.FindAsync(definition.Campaign.Id, cancellationToken).ConfigureAwait(false) is { } campaign)
        {
            await target.Campaigns.InsertAsync(campaign with { Version = 0 }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Adds to <paramref name="changes"/> an insert for each new participant and an update for each changed one
    /// (an unchanged participant is left alone).</summary>
    private static async Task<Counts> StageParticipantsAsync(RuntimeHost runtime, IReadOnlyList<Participant> participants, ChangeSet changes, CancellationToken cancellationToken, Action? step = null)
    {
        int added = 0, updated = 0, unchanged = 0;
        var participantStore = runtime.Store.Participants;
        var now = TimeProvider.System.GetUtcNow();
        foreach (var p in participants)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var existing = await participantStore.FindAsync(p.Id, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                changes.Insert(p with { Version = 0, ModifiedBy = Who, ModifiedAt = now });
                added++;
            }
            else if (Same(existing, p))
            {
                unchanged++;
            }
            else
            {
                changes.Update(p with { Version = existing.Version, ModifiedBy = Who, ModifiedAt = now });
                updated++;
            }

            step?.Invoke();
        }

        return new Counts(added, updated, unchanged);
    }

    /// <summary>Adds or updates participants in one transaction (<see cref="IParticipantStore.UpsertAsync"/>): a
    /// participant whose content is unchanged is left alone.</summary>
    internal static async Task<Counts> Upsert(RuntimeHost runtime, IReadOnlyList<Participant> participants, CancellationToken cancellationToken)
    {
        var counts = await runtime.Store.Participants.UpsertAsync(participants, Who, TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new Counts(counts.Added, counts.Updated, counts.Unchanged);
    }

    private static bool Same(Participant a, Participant b) =>
        a.DisplayName == b.DisplayName && a.Layer == b.Layer && a.Email == b.Email && a.ManagerId == b.ManagerId
        && a.Qualifications.SequenceEqual(b.Qualifications, StringComparer.Ordinal) && a.ColleagueIds.SequenceEqual(b.ColleagueIds, StringComparer.Ordinal);

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        var count = 0;
        await foreach (var _ in items.ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    /// <summary>Runs a command's work, turning the runtime's and the store's errors into one clear line.</summary>
    internal static async Task<int> Guarded(Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (CrowdsourcingException ex)
        {
            throw new CliException(ex.Message, ex);
        }
        catch (DbException ex)
        {
            throw new CliException("store error: " + ex.Message, ex, ExitCodes.Failure);
        }
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, Counts counts)
    {
        w.WriteStartObject(name);
        w.WriteNumber("added", counts.Added);
        w.WriteNumber("updated", counts.Updated);
        w.WriteNumber("unchanged", counts.Unchanged);
        w.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, CommonOptions.Figure(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
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

    private static void WriteNullable(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Describe(Counts c) => string.Create(CultureInfo.InvariantCulture, $"{c.Added:N0} added, {c.Updated:N0} updated, {c.Unchanged:N0} unchanged");

    private static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0
            ? CommonOptions.Count((long)span.TotalDays, "day")
            : span.ToString("c", CultureInfo.InvariantCulture);

    internal static string Kebab(AssignmentStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    internal readonly record struct Counts(int Added, int Updated, int Unchanged);

    /// <summary>The model's prior, every participant's belief at week 0, and what it is worth.</summary>
    private sealed record PriorAtWeekZero(RegisteredDecisionModel Model, ActionChoice Choice);
}

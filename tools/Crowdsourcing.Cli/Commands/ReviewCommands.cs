using System.CommandLine;
using System.Globalization;
using Crowdsourcing.Cli.Campaigns;
using Crowdsourcing.Quality;

namespace Crowdsourcing.Cli.Commands;

/// <summary>
/// <c>campaign review|reviews</c>: an analyst's review of a readiness report, recorded through the runtime
/// (<see cref="IReportReviewService"/>) as the tool's operator, and the reviews listed. The campaign learner
/// (<c>campaign learn</c>) learns each intervention's report model O from them.
/// </summary>
internal static class ReviewCommands
{
    public static Command Review(CliContext context)
    {
        var request = new Argument<string>("request") { Description = "The knowledge request whose report is reviewed." };
        var level = new Option<string>("--level") { Description = "The readiness level the analyst found: a level of the campaign's readiness scale.", HelpName = "level", Required = true };
        var report = new Option<string?>("--report") { Description = "Which report: its assessment time as listed by 'campaign reviews --request' (ISO 8601); default: the request's latest report.", HelpName = "assessed-at" };
        var comment = new Option<string?>("--comment") { Description = "The analyst's comment (at most Crowdsourcing:Limits:MaxTextLength characters, default 4,000).", HelpName = "text" };
        var version = new Option<long?>("--version") { Description = "The version of the report's review you read and replace (0: it had none); refused when it changed since. Omitted: whatever review is stored.", HelpName = "number" };
        var (store, campaign, format) = (CampaignCommand.StoreOption(), CampaignCommand.CampaignOptionFor(), CommonOptions.Format("table", "json"));
        var command = new Command("review", """
            Record an analyst's review of a readiness report: the level the analyst found where the report showed one.

            One review per report: a later review replaces it. The reviewer is the tool's operator and the time the
            clock's. 'campaign learn' pairs reviewed and reported levels to learn each intervention's report model O.

            Examples:
              crowdsourcing campaign review acme-alice --level fair
              crowdsourcing campaign review acme-alice --level poor --report 2026-03-02T09:30:00.0000000Z --comment copied-sections
              crowdsourcing campaign review acme-alice --level good --version 1 --format json
            """)
        {
            request, level, report, comment, version, store, campaign, format,
        };
        command.SetAction((parseResult, cancellationToken) => CampaignCommand.Guarded(async () =>
        {
            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var resolved = await runtime.ResolveCampaignAsync(parseResult.GetValue(campaign), cancellationToken).ConfigureAwait(false);
                var id = await RequestOfAsync(runtime, resolved.Id, parseResult.GetRequiredValue(request), cancellationToken).ConfigureAwait(false);
                var reports = await runtime.Reviews.ListReportsAsync(id, cancellationToken).ConfigureAwait(false);
                var target = parseResult.GetValue(report) is { } text
                    ? reports.FirstOrDefault(r => r.Report.AssessedAt == ParseTime(text)) ?? throw new CliException($"knowledge request '{id}' has no report assessed at {text}; its reports: {Times(reports)}")
                    : reports.Count > 0 ? reports[^1] : throw new CliException($"knowledge request '{id}' has no report yet: it is reviewed once it has been submitted");
                var stored = await runtime.Reviews.ReviewAsync(
                    id,
                    new ReportReviewInput(target.Report.AssessedAt, parseResult.GetRequiredValue(level))
                    {
                        Comment = parseResult.GetValue(comment),
                        ExpectedVersion = parseResult.GetValue(version) ?? target.Review?.Version ?? 0,
                    },
                    cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(format) == "json")
                {
                    CommonOptions.WriteJson(context, w => WriteReview(w, stored));
                }
                else
                {
                    Write(context, json: false, resolved.Id, [stored]);
                }
            }
        }));
        return command;
    }

    public static Command List(CliContext context)
    {
        var request = new Option<string?>("--request") { Description = "Only this knowledge request: each of its reports, reviewed or not.", HelpName = "id" };
        var (store, campaign, format) = (CampaignCommand.StoreOption(), CampaignCommand.CampaignOptionFor(), CommonOptions.Format("table", "json"));
        var command = new Command("reviews", """
            List the analysts' reviews of the campaign's readiness reports, or every report of one knowledge request
            with its review (--request), to find the report to review.

            Examples:
              crowdsourcing campaign reviews
              crowdsourcing campaign reviews --request acme-alice --format json
            """)
        {
            request, store, campaign, format,
        };
        command.SetAction((parseResult, cancellationToken) => CampaignCommand.Guarded(async () =>
        {
            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var resolved = await runtime.ResolveCampaignAsync(parseResult.GetValue(campaign), cancellationToken).ConfigureAwait(false);
                var json = parseResult.GetValue(format) == "json";
                if (parseResult.GetValue(request) is { } requestId)
                {
                    var id = await RequestOfAsync(runtime, resolved.Id, requestId, cancellationToken).ConfigureAwait(false);
                    WriteReports(context, json, id, await runtime.Reviews.ListReportsAsync(id, cancellationToken).ConfigureAwait(false));
                }
                else
                {
                    Write(context, json, resolved.Id, await runtime.Reviews.ListByCampaignAsync(resolved.Id, cancellationToken).ConfigureAwait(false));
                }
            }
        }));
        return command;
    }

    private static async Task<string> RequestOfAsync(RuntimeHost runtime, string campaignId, string id, CancellationToken cancellationToken)
    {
        var existing = await runtime.Store.Assignments.FindAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException($"campaign '{campaignId}' has no knowledge request '{id}'");
        return string.Equals(existing.CampaignId, campaignId, StringComparison.Ordinal)
            ? id
            : throw new CliException($"knowledge request '{id}' belongs to campaign '{existing.CampaignId}', not '{campaignId}'");
    }

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new CliException($"--report '{(text.Length > 60 ? text[..60] + "…" : text)}' is not a time; give the report's assessment time as listed by 'campaign reviews --request', for example 2026-03-02T09:30:00.0000000Z");

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string Times(IReadOnlyList<ReviewedReport> reports) => reports.Count == 0 ? "none" : string.Join(", ", reports.Select(r => Time(r.Report.AssessedAt)));

    private static void Write(CliContext context, bool json, string campaignId, IReadOnlyList<ReportReview> reviews)
    {
        if (json)
        {
            CommonOptions.WriteJson(context, w =>
            {
                w.WriteStartObject();
                w.WriteString("campaign", campaignId);
                w.WriteStartArray("reviews");
                foreach (var review in reviews)
                {
                    WriteReview(w, review);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return;
        }

        if (reviews.Count == 0)
        {
            context.Output.WriteLine("no report reviewed yet");
        }

        foreach (var r in reviews)
        {
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"'{r.AssignmentId}' report of {Time(r.AssessedAt)}: reported {r.ReportedLevel}, found {r.ReviewedLevel} by '{r.ReviewedBy}' at {Time(r.ReviewedAt)} (review version {r.Version}){(r.Comment is null ? string.Empty : ": " + r.Comment)}"));
        }
    }

    private static void WriteReports(CliContext context, bool json, string id, IReadOnlyList<ReviewedReport> reports)
    {
        if (json)
        {
            CommonOptions.WriteJson(context, w =>
            {
                w.WriteStartObject();
                w.WriteString("assignment", id);
                w.WriteStartArray("reports");
                foreach (var (report, review) in reports)
                {
                    w.WriteStartObject();
                    w.WriteString("assessedAt", Time(report.AssessedAt));
                    w.WriteString("readinessLevel", report.ReadinessLevel);
                    w.WriteBoolean("passed", report.Passed);
                    if (review is null)
                    {
                        w.WriteNull("review");
                    }
                    else
                    {
                        w.WritePropertyName("review");
                        WriteReview(w, review);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return;
        }

        if (reports.Count == 0)
        {
            context.Output.WriteLine($"knowledge request '{id}' has no report yet");
        }

        foreach (var (report, review) in reports)
        {
            var reviewed = review is null ? "not reviewed" : string.Create(CultureInfo.InvariantCulture, $"reviewed: {review.ReviewedLevel} by '{review.ReviewedBy}' (version {review.Version})");
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Time(report.AssessedAt)}  {report.ReadinessLevel}  {(report.Passed ? "passed" : "failed")}  {reviewed}"));
        }
    }

    private static void WriteReview(System.Text.Json.Utf8JsonWriter w, ReportReview review)
    {
        w.WriteStartObject();
        w.WriteString("campaign", review.CampaignId);
        w.WriteString("assignment", review.AssignmentId);
        w.WriteString("assessedAt", Time(review.AssessedAt));
        w.WriteString("reportedLevel", review.ReportedLevel);
        w.WriteString("reviewedLevel", review.ReviewedLevel);
        w.WriteString("reviewedBy", review.ReviewedBy);
        w.WriteString("reviewedAt", Time(review.ReviewedAt));
        w.WriteString("comment", review.Comment);
        w.WriteNumber("version", review.Version);
        w.WriteEndObject();
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crowdsourcing.Cli.Campaigns;
using Crowdsourcing.Notifications;
using Crowdsourcing.Serialization;
using Crowdsourcing.Storage;
using Spectre.Console;

namespace Crowdsourcing.Cli.Commands;

/// <summary>
/// <c>outbox list|requeue|dispatch</c>: the notification outbox of a store — what waits, what was given up (the dead
/// letters, with their attempt history), requeueing them, and delivering what is due through the channels configured
/// in the environment.
/// </summary>
internal static class OutboxCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("outbox", """
            The notification outbox of a store: list what waits or was given up, requeue dead letters, deliver what is due.

            A notification that keeps failing is retried with a capped, jittered backoff for three days from when it
            was queued (Crowdsourcing__Notifications__RetryFor), then kept as a dead letter with its attempt history
            until it is requeued. The store is --store, as for `campaign`.

            Examples:
              crowdsourcing outbox list
              crowdsourcing outbox list --status pending --format json
              crowdsourcing outbox requeue reminder:a-1:alice:1
              crowdsourcing outbox requeue --all
              crowdsourcing outbox dispatch
            """);
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Requeue(context));
        command.Subcommands.Add(Dispatch(context));
        return command;
    }

    private static Option<string> StoreOption() => CampaignCommand.StoreOption();

    private static Task<int> Guarded(Func<Task> work) => CampaignCommand.Guarded(work);

    private static Command List(CliContext context)
    {
        var store = StoreOption();
        var status = new Option<string>("--status")
        {
            Description = "Which notifications: " + EnumNames.Describe<NotificationStatus>() + " (failed are the dead letters).",
            DefaultValueFactory = _ => EnumNames.Of(NotificationStatus.Failed),
            HelpName = "status",
        };
        var limit = new Option<int>("--limit") { Description = "The most notifications to list, from 1 to 10000.", DefaultValueFactory = _ => 100, HelpName = "count" };
        var after = new Option<string?>("--after") { Description = "List the ones whose id comes after this id (the next page).", HelpName = "id" };
        var format = CommonOptions.Format("table", "json");
        var command = new Command("list", """
            List the notifications of one status, by id, with the counts of every status first.

            The dead letters (--status failed, the default) show their attempts and the last error; --format json gives
            their whole attempt history.

            Examples:
              crowdsourcing outbox list
              crowdsourcing outbox list --status pending --limit 20
              crowdsourcing outbox list --format json
            """)
        {
            store, status, limit, after, format,
        };
        command.SetAction((parseResult, cancellationToken) => Guarded(async () =>
        {
            var which = EnumNames.Parse<NotificationStatus>(parseResult.GetRequiredValue(status), "--status");
            var count = parseResult.GetValue(limit);
            if (count is < 1 or > 10_000)
            {
                throw new CliException($"--limit must be from 1 to 10000 (value: {count.ToString(CultureInfo.InvariantCulture)})");
            }

            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var statistics = await runtime.Outbox.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
                var listed = new List<Notification>();
                await foreach (var n in runtime.Outbox.ListAsync(which, new PageRequest(parseResult.GetValue(after), count), cancellationToken).ConfigureAwait(false))
                {
                    listed.Add(n);
                }

                if (parseResult.GetValue(format) == "json")
                {
                    CommonOptions.WriteJson(context, w =>
                    {
                        w.WriteStartObject();
                        WriteStatistics(w, statistics);
                        w.WriteString("status", EnumNames.Of(which));
                        w.WriteStartArray("notifications");
                        foreach (var n in listed)
                        {
                            WriteNotification(w, n);
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                    return;
                }

                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"outbox of {runtime.Description}: {statistics.Pending} pending, {statistics.Failed} dead letters, {statistics.Delivered} delivered"));
                if (listed.Count == 0)
                {
                    context.Output.WriteLine($"no {EnumNames.Of(which)} notifications");
                    return;
                }

                var table = new Table().AddColumns("id", "channel", "recipient", "kind", "attempts", which == NotificationStatus.Delivered ? "delivered" : "next attempt", "last error");
                foreach (var n in listed)
                {
                    table.AddRow(
                        Markup.Escape(n.Id),
                        Markup.Escape(n.Channel),
                        Markup.Escape(n.RecipientId),
                        Markup.Escape(n.Kind),
                        n.Attempts.ToString(CultureInfo.InvariantCulture),
                        (which == NotificationStatus.Delivered ? n.DeliveredAt : which == NotificationStatus.Failed ? null : n.NextAttemptAt)?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                        Markup.Escape(n.LastError ?? "-"));
                }

                context.Console.Write(table);
            }
        }));
        return command;
    }

    private static Command Requeue(CliContext context)
    {
        var store = StoreOption();
        var ids = new Argument<string[]>("id") { Description = "The dead letters to requeue, by id.", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Requeue every dead letter." };
        var format = CommonOptions.Format("table", "json");
        var command = new Command("requeue", """
            Requeue dead letters: each is due at once, with a new retry window, and keeps its attempt history.

            Give the ids (from `outbox list`), or --all after an outage longer than the retry window. An id that is not a
            dead letter is an error, and then nothing is requeued.

            Examples:
              crowdsourcing outbox requeue reminder:a-1:alice:1
              crowdsourcing outbox requeue --all
            """)
        {
            ids, store, all, format,
        };
        command.SetAction((parseResult, cancellationToken) => Guarded(async () =>
        {
            var given = parseResult.GetValue(ids) ?? [];
            var everything = parseResult.GetValue(all);
            if (everything == (given.Length > 0))
            {
                throw new CliException("give the ids of the dead letters to requeue, or --all (not both)");
            }

            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var requeued = new List<string>();
                if (everything)
                {
                    var count = await runtime.Outbox.RequeueAllAsync(cancellationToken).ConfigureAwait(false);
                    requeued.AddRange(Enumerable.Repeat(string.Empty, count));
                }
                else
                {
                    // Check every id first, so that one wrong id requeues nothing.
                    foreach (var id in given.Distinct(StringComparer.Ordinal))
                    {
                        var found = await runtime.Store.Outbox.FindAsync(id, cancellationToken).ConfigureAwait(false)
                            ?? throw new CliException($"the outbox has no notification '{id}'; nothing was requeued");
                        if (found.Status != NotificationStatus.Failed)
                        {
                            throw new CliException($"notification '{id}' is {EnumNames.Of(found.Status)}, not a dead letter; nothing was requeued");
                        }
                    }

                    foreach (var id in given.Distinct(StringComparer.Ordinal))
                    {
                        requeued.Add((await runtime.Outbox.RequeueAsync(id, cancellationToken).ConfigureAwait(false)).Id);
                    }
                }

                if (parseResult.GetValue(format) == "json")
                {
                    CommonOptions.WriteJson(context, w =>
                    {
                        w.WriteStartObject();
                        w.WriteNumber("requeued", requeued.Count);
                        if (!everything)
                        {
                            w.WriteStartArray("ids");
                            requeued.ForEach(w.WriteStringValue);
                            w.WriteEndArray();
                        }

                        w.WriteEndObject();
                    });
                    return;
                }

                context.Output.WriteLine(requeued.Count == 1 ? "requeued 1 dead letter" : string.Create(CultureInfo.InvariantCulture, $"requeued {requeued.Count} dead letters"));
            }
        }));
        return command;
    }

    private static Command Dispatch(CliContext context)
    {
        var store = StoreOption();
        var format = CommonOptions.Format("table", "json");
        var command = new Command("dispatch", """
            Deliver the notifications that are due, through the channels configured in the environment.

            A channel is added when its settings are in the environment: the SMTP channel with Crowdsourcing__Smtp__Host
            (and __From, __Port, __StartTls, __UserName, __Password), the webhook channel with
            Crowdsourcing__Webhook__Endpoint and __Secret (whsec_...). Notifications for a channel that is not configured
            stay pending. Failed sends are retried by later runs; see `outbox list`.

            For example, with Crowdsourcing__Smtp__Host=localhost and Crowdsourcing__Smtp__From=crowd@example.com in the
            environment, the e-mails go to the SMTP server on localhost.

            Examples:
              crowdsourcing outbox dispatch
              crowdsourcing outbox dispatch --format json
            """)
        {
            store, format,
        };
        command.SetAction((parseResult, cancellationToken) => Guarded(async () =>
        {
            var runtime = await RuntimeHost.OpenAsync(parseResult.GetValue(store), create: false, cancellationToken).ConfigureAwait(false);
            await using (runtime.ConfigureAwait(false))
            {
                var summary = await runtime.Dispatcher.DispatchDueAsync(cancellationToken).ConfigureAwait(false);
                var statistics = await runtime.Outbox.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(format) == "json")
                {
                    CommonOptions.WriteJson(context, w =>
                    {
                        w.WriteStartObject();
                        w.WriteNumber("claimed", summary.Claimed);
                        w.WriteNumber("delivered", summary.Delivered);
                        w.WriteNumber("retried", summary.Retried);
                        w.WriteNumber("deferred", summary.Deferred);
                        w.WriteNumber("deadLettered", summary.DeadLettered);
                        w.WriteNumber("leaseLost", summary.LeaseLost);
                        WriteStatistics(w, statistics);
                        w.WriteEndObject();
                    });
                    return;
                }

                var channels = runtime.Channels;
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"channels: {(channels.Count == 0 ? "none configured (see --help)" : string.Join(", ", channels))}"));
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"claimed {summary.Claimed}: {summary.Delivered} delivered, {summary.Retried} to retry, {summary.Deferred} held back by an open circuit, {summary.DeadLettered} dead letters, {summary.LeaseLost} left to another instance"));
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"outbox: {statistics.Pending} pending, {statistics.Failed} dead letters, {statistics.Delivered} delivered"));
            }
        }));
        return command;
    }

    private static void WriteStatistics(Utf8JsonWriter w, OutboxStatistics statistics)
    {
        w.WriteStartObject("outbox");
        w.WriteNumber("pending", statistics.Pending);
        w.WriteNumber("deadLetters", statistics.Failed);
        w.WriteNumber("delivered", statistics.Delivered);
        if (statistics.OldestPendingQueuedAt is { } oldest)
        {
            w.WriteString("oldestPendingQueuedAt", oldest);
        }
        else
        {
            w.WriteNull("oldestPendingQueuedAt");
        }

        w.WriteEndObject();
    }

    private static void WriteNotification(Utf8JsonWriter w, Notification n)
    {
        w.WriteStartObject();
        w.WriteString("id", n.Id);
        w.WriteString("channel", n.Channel);
        w.WriteString("recipientId", n.RecipientId);
        w.WriteString("kind", n.Kind);
        w.WriteString("status", EnumNames.Of(n.Status));
        w.WriteNumber("attempts", n.Attempts);
        w.WriteString("createdAt", n.CreatedAt);
        w.WriteString("queuedAt", n.QueuedAt);
        w.WriteString("nextAttemptAt", n.NextAttemptAt);
        if (n.DeliveredAt is { } delivered)
        {
            w.WriteString("deliveredAt", delivered);
        }

        if (n.LastError is { } error)
        {
            w.WriteString("lastError", error);
        }

        w.WriteStartArray("history");
        foreach (var attempt in n.History)
        {
            w.WriteStartObject();
            w.WriteNumber("number", attempt.Number);
            w.WriteString("at", attempt.At);
            w.WriteString("by", attempt.By);
            w.WriteString("error", attempt.Error);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}

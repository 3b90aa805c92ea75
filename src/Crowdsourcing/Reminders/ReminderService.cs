using Crowdsourcing.Access;
using System.Globalization;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Diagnostics;
using Crowdsourcing.Notifications;
using Crowdsourcing.Options;
using Crowdsourcing.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crowdsourcing.Reminders;

/// <summary>The default <see cref="IReminderService"/>.</summary>
internal sealed partial class ReminderService(
    ICrowdsourcingStore store,
    TimeProvider time,
    CrowdsourcingDiagnostics diagnostics,
    NotificationComposer composer,
    IOptions<CrowdsourcingOptions> options,
    AccessPolicy access,
    ILogger<ReminderService> logger) : IReminderService
{
    public async ValueTask<ReminderRunSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        access.RequireAdministrator("send the due reminders and escalations");
        using var activity = diagnostics.StartOperation("Reminders.Run");
        var total = new ReminderRunSummary(0, 0, 0);
        var now = time.GetUtcNow();
        var campaigns = StoreExtensions.AllPagesAsync(page => store.Campaigns.ListAsync(page, cancellationToken), c => c.Id, options.Value.PageSize, cancellationToken);
        await foreach (var campaign in campaigns.ConfigureAwait(false))
        {
            var one = await RunAsync(campaign, now, cancellationToken).ConfigureAwait(false);
            total = new ReminderRunSummary(total.PendingAssignments + one.PendingAssignments, total.RemindersEnqueued + one.RemindersEnqueued, total.EscalationsEnqueued + one.EscalationsEnqueued);
        }

        return total;
    }

    public async ValueTask<ReminderRunSummary> RunCampaignAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.StartOperation("Reminders.RunCampaign", campaignId);
        var campaign = await store.Campaigns.GetRequiredAsync(campaignId, cancellationToken).ConfigureAwait(false);
        access.RequireOrganiserOf(campaign, "send the campaign's due reminders and escalations");
        return await RunAsync(campaign, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Escalation>> ListEscalationsAsync(CancellationToken cancellationToken = default)
    {
        var manager = access.RequireActor("see the escalations about their reports");
        using var activity = diagnostics.StartOperation("Reminders.ListEscalations", manager.Id);
        var now = time.GetUtcNow();
        var pageSize = options.Value.PageSize;
        var campaigns = new Dictionary<string, Campaign?>(StringComparer.Ordinal);
        var escalations = new List<Escalation>();
        var reports = StoreExtensions.AllPagesAsync(page => store.Participants.ListByManagerAsync(manager.Id, page, cancellationToken), p => p.Id, pageSize, cancellationToken);
        await foreach (var report in reports.ConfigureAwait(false))
        {
            var assignments = StoreExtensions.AllPagesAsync(page => store.Assignments.ListByParticipantAsync(report.Id, page, cancellationToken), a => a.Id, pageSize, cancellationToken);
            await foreach (var assignment in assignments.ConfigureAwait(false))
            {
                if (!assignment.Status.IsPending() || !assignment.AssigneeIds.Contains(report.Id, StringComparer.Ordinal))
                {
                    continue;
                }

                if (!campaigns.TryGetValue(assignment.CampaignId, out var campaign))
                {
                    campaign = await store.Campaigns.FindAsync(assignment.CampaignId, cancellationToken).ConfigureAwait(false);
                    campaigns[assignment.CampaignId] = campaign;
                }

                if (campaign is null)
                {
                    continue;
                }

                var since = await PendingSinceAsync(assignment, cancellationToken).ConfigureAwait(false);
                var due = ReminderDue.At(campaign.Reminders, since, now);
                if (due.EscalationDue)
                {
                    escalations.Add(new Escalation(assignment.Id, campaign.Id, campaign.Name, assignment.Subject, report.Id, report.DisplayName, assignment.Status, since, due.EscalationDueAt));
                }
            }
        }

        escalations.Sort(static (a, b) => a.EscalatedAt != b.EscalatedAt ? a.EscalatedAt.CompareTo(b.EscalatedAt) : string.CompareOrdinal(a.AssignmentId, b.AssignmentId));
        return escalations;
    }

    private async ValueTask<ReminderRunSummary> RunAsync(Campaign campaign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        int pending = 0, reminders = 0, escalations = 0;
        var assignments = StoreExtensions.AllPagesAsync(page => store.Assignments.ListByCampaignAsync(campaign.Id, page, cancellationToken), a => a.Id, options.Value.PageSize, cancellationToken);
        await foreach (var assignment in assignments.ConfigureAwait(false))
        {
            if (!assignment.Status.IsPending())
            {
                continue;
            }

            pending++;
            var since = await PendingSinceAsync(assignment, cancellationToken).ConfigureAwait(false);
            var due = ReminderDue.At(campaign.Reminders, since, now);
            var sinceKey = since.UtcTicks.ToString(CultureInfo.InvariantCulture);
            if (due.Reminder > 0)
            {
                var n = due.Reminder.ToString(CultureInfo.InvariantCulture);
                foreach (var assignee in assignment.AssigneeIds)
                {
                    var notification = composer.Compose(
                        NotificationIds.Make(NotificationKinds.Reminder, assignment.Id, sinceKey, n, assignee),
                        assignee,
                        NotificationKinds.Reminder,
                        $"Reminder {n}: knowledge request about {assignment.Subject.Name}",
                        $"The knowledge request {assignment.Id} about {assignment.Subject.Name} in the campaign \"{campaign.Name}\" is still {(assignment.Status == AssignmentStatus.Reopened ? "reopened" : "open")} since {since:u}. Please complete and submit it.",
                        due.ReminderDueAt);
                    if (await EnqueueOnceAsync(notification, cancellationToken).ConfigureAwait(false))
                    {
                        reminders++;
                        LogReminder(logger, assignment.Id, assignee, due.Reminder, due.ReminderDueAt);
                    }
                }
            }

            if (due.EscalationDue)
            {
                foreach (var assignee in assignment.AssigneeIds)
                {
                    var participant = await store.Participants.FindAsync(assignee, cancellationToken).ConfigureAwait(false);
                    if (participant?.ManagerId is not { } manager)
                    {
                        LogNoManager(logger, assignment.Id, assignee);
                        continue;
                    }

                    var notification = composer.Compose(
                        NotificationIds.Make(NotificationKinds.Escalation, assignment.Id, sinceKey, assignee),
                        manager,
                        NotificationKinds.Escalation,
                        $"Escalation: {participant.DisplayName}'s knowledge request about {assignment.Subject.Name}",
                        $"The knowledge request {assignment.Id} about {assignment.Subject.Name} in the campaign \"{campaign.Name}\", assigned to {participant.DisplayName}, has been pending since {since:u}, longer than the escalation delay of {campaign.Reminders.EscalationDelay}.",
                        due.EscalationDueAt);
                    if (await EnqueueOnceAsync(notification, cancellationToken).ConfigureAwait(false))
                    {
                        escalations++;
                        LogEscalation(logger, assignment.Id, assignee, manager, due.EscalationDueAt);
                    }
                }
            }
        }

        diagnostics.CountChange(nameof(Notifications.Notification), "remind", reminders);
        diagnostics.CountChange(nameof(Notifications.Notification), "escalate", escalations);
        return new ReminderRunSummary(pending, reminders, escalations);
    }

    /// <summary>When the request became pending: its creation for a draft, its last failed assessment for a reopened one.</summary>
    private async ValueTask<DateTimeOffset> PendingSinceAsync(Assignment assignment, CancellationToken cancellationToken)
    {
        if (assignment.Status != AssignmentStatus.Reopened)
        {
            return assignment.CreatedAt;
        }

        DateTimeOffset? reopenedAt = null;
        await foreach (var assessment in store.Assignments.ListAssessmentsAsync(assignment.Id, cancellationToken).ConfigureAwait(false))
        {
            if (!assessment.Passed)
            {
                reopenedAt = assessment.AssessedAt;
            }
        }

        return reopenedAt ?? assignment.ModifiedAt ?? assignment.CreatedAt;
    }

    /// <summary>Enqueues a notification unless its id is already in the outbox.</summary>
    /// <returns>Whether this call enqueued it.</returns>
    private async ValueTask<bool> EnqueueOnceAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (await store.Outbox.FindAsync(notification.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        try
        {
            return (await store.Outbox.EnqueueAsync(notification, cancellationToken).ConfigureAwait(false)).Inserted;
        }
        catch (DuplicateRecordException)
        {
            // Another instance enqueued the same reminder first, with a text that differs (a renamed subject, say).
            return false;
        }
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Enqueued reminder {Number} for assignment {AssignmentId} to {ParticipantId}, due at {DueAt}.")]
    private static partial void LogReminder(ILogger logger, string assignmentId, string participantId, int number, DateTimeOffset dueAt);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Enqueued the escalation of assignment {AssignmentId} of {ParticipantId} to manager {ManagerId}, due at {DueAt}.")]
    private static partial void LogEscalation(ILogger logger, string assignmentId, string participantId, string managerId, DateTimeOffset dueAt);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Assignment {AssignmentId} is due for escalation, but {ParticipantId} has no manager.")]
    private static partial void LogNoManager(ILogger logger, string assignmentId, string participantId);
}

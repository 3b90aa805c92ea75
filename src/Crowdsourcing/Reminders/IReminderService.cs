namespace Crowdsourcing.Reminders;

/// <summary>How many reminders and escalations a run enqueued.</summary>
/// <param name="PendingAssignments">The pending (draft or reopened) knowledge requests looked at.</param>
/// <param name="RemindersEnqueued">Reminder notifications newly enqueued.</param>
/// <param name="EscalationsEnqueued">Escalation notifications newly enqueued.</param>
public sealed record ReminderRunSummary(int PendingAssignments, int RemindersEnqueued, int EscalationsEnqueued);

/// <summary>
/// Reminders and escalations for pending knowledge requests (the paper's step 3). Registered by <c>AddCrowdsourcing()</c>.
/// </summary>
/// <remarks>
/// A run is a pure function of the stored state and the <see cref="TimeProvider"/>'s now: a request is pending since
/// its creation (draft) or its last failed assessment (reopened); reminder <c>n</c> is due every
/// <see cref="Campaigns.ReminderPolicy.ReminderInterval"/> after that, up to <see cref="Campaigns.ReminderPolicy.MaxReminders"/>
/// (only the latest one due is sent), to each assignee; after <see cref="Campaigns.ReminderPolicy.EscalationDelay"/>
/// an escalation goes to each assignee's manager. Each notification's id (<c>reminder:{assignment}:{pending-since
/// ticks}:{n}:{assignee}</c>, <c>escalation:{assignment}:{pending-since ticks}:{assignee}</c>) is its idempotency key
/// and its creation time is its due time, so running again, on another instance or after a restart, never sends the
/// same reminder twice.
/// </remarks>
public interface IReminderService
{
    /// <summary>Enqueues the reminders and escalations due now for every campaign.</summary>
    ValueTask<ReminderRunSummary> RunAsync(CancellationToken cancellationToken = default);

    /// <summary>Enqueues the reminders and escalations due now for one campaign.</summary>
    /// <exception cref="NotFoundException">The campaign does not exist.</exception>
    /// <exception cref="AccessDeniedException">The actor is neither an administrator nor an organiser of the campaign.</exception>
    ValueTask<ReminderRunSummary> RunCampaignAsync(string campaignId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The escalations about the acting person's reports (the participants whose <c>ManagerId</c> is the actor): each
    /// knowledge request assigned to one of them that has been pending longer than its campaign's escalation delay,
    /// oldest escalation first. A manager sees these requests' status, never their answers; anyone else gets an empty
    /// list.
    /// </summary>
    /// <exception cref="AccessDeniedException">Nobody is signed in.</exception>
    ValueTask<IReadOnlyList<Escalation>> ListEscalationsAsync(CancellationToken cancellationToken = default);
}

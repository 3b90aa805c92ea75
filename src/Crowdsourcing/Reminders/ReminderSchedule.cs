using Crowdsourcing.Campaigns;

namespace Crowdsourcing.Reminders;

/// <summary>What is due for one pending knowledge request at one moment: a pure function of the policy, when the
/// request became pending, and now.</summary>
/// <param name="PendingSince">When the request became pending (created, or last reopened).</param>
/// <param name="Reminder">The number (1 to <see cref="ReminderPolicy.MaxReminders"/>) of the latest reminder due, or 0 when none is due yet.</param>
/// <param name="ReminderDueAt">When that reminder came due.</param>
/// <param name="EscalationDueAt">When the escalation comes due.</param>
/// <param name="EscalationDue">Whether the escalation is due.</param>
public sealed record ReminderDue(DateTimeOffset PendingSince, int Reminder, DateTimeOffset ReminderDueAt, DateTimeOffset EscalationDueAt, bool EscalationDue)
{
    /// <summary>
    /// Computes what is due. Reminder <c>n</c> comes due at <paramref name="pendingSince"/> + n × interval, for n up to
    /// <see cref="ReminderPolicy.MaxReminders"/>; only the latest one due is reported, so a service that was down for
    /// several intervals sends one reminder, not a burst. The escalation comes due at
    /// <paramref name="pendingSince"/> + <see cref="ReminderPolicy.EscalationDelay"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is <see langword="null"/>.</exception>
    public static ReminderDue At(ReminderPolicy policy, DateTimeOffset pendingSince, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var elapsed = now - pendingSince;
        var reminder = elapsed < policy.ReminderInterval ? 0 : (int)Math.Min(policy.MaxReminders, elapsed.Ticks / policy.ReminderInterval.Ticks);
        var escalationAt = pendingSince + policy.EscalationDelay;
        return new ReminderDue(pendingSince, reminder, pendingSince + (policy.ReminderInterval * reminder), escalationAt, now >= escalationAt);
    }
}

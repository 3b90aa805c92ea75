using Crowdsourcing.Assignments;

namespace Crowdsourcing.Reminders;

/// <summary>
/// A knowledge request of one of a manager's reports that has been pending longer than its campaign's escalation delay
/// (<see cref="Campaigns.ReminderPolicy.EscalationDelay"/>): what the manager is told about by an escalation, and what
/// <see cref="IReminderService.ListEscalationsAsync"/> shows them.
/// </summary>
/// <param name="AssignmentId">The knowledge request.</param>
/// <param name="CampaignId">Its campaign.</param>
/// <param name="CampaignName">The campaign's name.</param>
/// <param name="Subject">What the request is about.</param>
/// <param name="ParticipantId">The report the request is assigned to.</param>
/// <param name="ParticipantName">The report's display name.</param>
/// <param name="Status">The request's status: open (<see cref="AssignmentStatus.Draft"/>) or reopened.</param>
/// <param name="PendingSince">When it became pending: its creation, or its latest reopening.</param>
/// <param name="EscalatedAt">When the escalation came due: <paramref name="PendingSince"/> plus the escalation delay.</param>
public sealed record Escalation(
    string AssignmentId,
    string CampaignId,
    string CampaignName,
    Subject Subject,
    string ParticipantId,
    string ParticipantName,
    AssignmentStatus Status,
    DateTimeOffset PendingSince,
    DateTimeOffset EscalatedAt);

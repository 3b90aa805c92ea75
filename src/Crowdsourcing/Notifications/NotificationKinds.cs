namespace Crowdsourcing.Notifications;

/// <summary>The <see cref="Notification.Kind"/> values the runtime writes.</summary>
public static class NotificationKinds
{
    /// <summary>A knowledge request was assigned to the recipient (step 1c).</summary>
    public const string AssignmentCreated = "assignment-created";

    /// <summary>The recipient's submission passed the quality rules.</summary>
    public const string AssignmentAccepted = "assignment-accepted";

    /// <summary>The recipient's submission failed the quality rules and was reopened with feedback (step 7).</summary>
    public const string AssignmentReopened = "assignment-reopened";

    /// <summary>A knowledge request the recipient works on was cancelled.</summary>
    public const string AssignmentCancelled = "assignment-cancelled";

    /// <summary>Questions were delegated to the recipient (step 2b).</summary>
    public const string Delegation = "delegation";

    /// <summary>A pending knowledge request is due (step 3).</summary>
    public const string Reminder = "reminder";

    /// <summary>A report's knowledge request is still pending after the escalation delay (step 3).</summary>
    public const string Escalation = "escalation";

    /// <summary>A participant contacted by a decision cycle: <c>contact</c>.</summary>
    public const string Contact = "contact";
}

using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Notifications;

namespace Crowdsourcing.Abstractions.Tests.Notifications;

public sealed class NotificationValidationTests
{
    private static readonly DateTimeOffset At = Samples.Start;

    private static readonly Rules Table = BuildRules();

    public static TheoryData<string> RuleNames => Table.Names;

    public static TheoryData<string> AcceptedNames => Table.AcceptedNames;

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Rule_is_enforced_with_a_message_naming_field_and_value(string rule) => Table.Verify(rule);

    [Theory]
    [MemberData(nameof(AcceptedNames))]
    public void Valid_value_is_accepted(string rule) => Table.VerifyAccepted(rule);

    [Fact]
    public void New_notification_is_pending_and_due_when_created()
    {
        var notification = Make();
        Assert.Equal(NotificationStatus.Pending, notification.Status);
        Assert.Equal(0, notification.Attempts);
        Assert.Equal(At, notification.NextAttemptAt);
        Assert.Null(notification.LeaseOwner);
        Assert.Null(notification.LeaseExpiresAt);
        Assert.Null(notification.DeliveredAt);
        Assert.Null(notification.LastError);
        Assert.Equal(0, notification.Version);
    }

    [Fact]
    public void Null_body_is_an_ArgumentNullException_naming_the_field()
    {
        var exception = Assert.Throws<ValidationFailedException>(() => Make(body: null!));
        Assert.Equal("Body", exception.Path);
        Assert.Contains("Notification.Body must not be null", exception.Message, StringComparison.Ordinal);
        var viaWith = Assert.Throws<ValidationFailedException>(() => Make() with { Body = null! });
        Assert.Equal("Body", viaWith.Path);
    }

    [Fact]
    public void Body_may_be_empty()
    {
        Assert.Equal(string.Empty, Make(body: string.Empty).Body);
    }

    private static Notification Make(string id = "n", string channel = "email", string recipient = "p", string kind = "reminder", string subject = "Subject", string body = "Body") =>
        new(id, channel, recipient, kind, subject, body, At);

    private static Rules BuildRules() => new Rules()
        .KeyField("Notification.Id", v => Make(id: v!), v => _ = Samples.Notification() with { Id = v! })
        .KeyField("Notification.Channel", v => Make(channel: v!), v => _ = Samples.Notification() with { Channel = v! })
        .IdField("Notification.RecipientId", v => Make(recipient: v!), v => _ = Samples.Notification() with { RecipientId = v! })
        .KeyField("Notification.Kind", v => Make(kind: v!), v => _ = Samples.Notification() with { Kind = v! })
        .TextField("Notification.Subject", v => Make(subject: v!), v => _ = Samples.Notification() with { Subject = v! }, max: Limits.MaxNotificationSubjectLength)
        .EnumField("Notification.Status", v => _ = Make() with { Status = (NotificationStatus)v }, null, "'delivered'")
        .Add<ValidationFailedException>("Notification.Attempts with: negative", () => _ = Samples.Notification() with { Attempts = -1 }, "Notification.Attempts must not be negative (value: -1)")
        .Add<ValidationFailedException>("Notification.Version with: negative", () => _ = Samples.Notification() with { Version = -1 }, "Notification.Version must not be negative (value: -1)");
}

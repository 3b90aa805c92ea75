using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Notifications;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Serialization;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Abstractions.Tests.Storage;

public sealed class RecordKindTests
{
    public static TheoryData<string> Kinds => new() { "Campaign", "CrowdTask", "Participant", "Questionnaire", "Assignment", "Response", "Notification" };

    [Fact]
    public void There_is_one_kind_per_stored_record_type_named_after_it()
    {
        Assert.Equal(
            ["Campaign", "CrowdTask", "Participant", "Questionnaire", "Assignment", "Response", "Notification"],
            RecordKind.All.Select(k => k.Name));
        Assert.All(RecordKind.All, k => Assert.Equal(k.RecordType.Name, k.Name));
        Assert.Same(RecordKind.Tasks, RecordKind.Of(Samples.Task()));
        Assert.Same(RecordKind.Notifications, RecordKind.Of(Samples.Notification()));
    }

    [Fact]
    public void Of_refuses_a_record_type_the_stores_do_not_keep()
    {
        var ex = Assert.Throws<ArgumentException>(() => RecordKind.Of(new Stranger()));

        Assert.Equal("record", ex.ParamName);
        Assert.StartsWith("The stores do not keep a Stranger; they keep campaigns, tasks, participants, questionnaires, assignments, responses and notifications.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_record_differing_only_in_version_and_modification_metadata_has_the_same_content(string kind)
    {
        var record = Sample(kind);
        var restamped = Stamp(record, 7, "someone-else", Samples.End);

        var recordKind = RecordKind.Of(record);

        Assert.True(recordKind.HasSameContent(record, restamped));
        Assert.Equal(recordKind.ContentKey(record), recordKind.ContentKey(restamped));
    }

    [Fact]
    public void A_record_with_other_content_is_a_duplicate_not_a_retry()
    {
        var task = Samples.Task();

        Assert.False(RecordKind.Tasks.HasSameContent(task, task with { Name = "Another name" }));
        Assert.False(RecordKind.Assignments.HasSameContent(Samples.Assignment(), Samples.Assignment() with { Feedback = ["late"] }));
    }

    [Fact]
    public void A_notification_s_delivery_state_is_not_part_of_its_content_but_what_the_enqueuer_wrote_is()
    {
        var enqueued = Samples.Notification();
        var delivered = enqueued.WithClaim("worker-1", Samples.End, TimeSpan.FromMinutes(5)).WithDelivery("worker-1", Samples.End.AddMinutes(1)) with { Version = 3 };
        var failed = enqueued.WithClaim("worker-1", Samples.End, TimeSpan.FromMinutes(5)).WithFailure("worker-1", "SMTP 451", Samples.End, Samples.End.AddHours(1));

        Assert.True(RecordKind.Notifications.HasSameContent(delivered, enqueued));
        Assert.True(RecordKind.Notifications.HasSameContent(failed, enqueued));
        Assert.False(RecordKind.Notifications.HasSameContent(enqueued, enqueued with { Body = "Another body" }));
        Assert.False(RecordKind.Notifications.HasSameContent(enqueued, enqueued with { RecipientId = "expert-8" }));
    }

    [Fact]
    public void The_content_is_the_record_with_version_0_and_no_modification_metadata()
    {
        var task = Samples.Task() with { Version = 4, ModifiedBy = "alice", ModifiedAt = Samples.Start };

        var content = RecordKind.Tasks.Content(task);

        Assert.Equal(CrowdsourcingJson.Serialize(task with { Version = 0, ModifiedBy = null, ModifiedAt = null }), CrowdsourcingJson.Serialize(content));
        Assert.Equal(5, RecordKind.Tasks.WithVersion(task, 5).Version);
        Assert.Equal("alice", RecordKind.Tasks.WithVersion(task, 5).ModifiedBy);
    }

    [Fact]
    public void ContentKey_refuses_a_record_of_another_kind()
    {
        var ex = Assert.Throws<ArgumentException>(() => RecordKind.Tasks.ContentKey((IVersionedRecord)Samples.Response()));

        Assert.Equal("A Response is not a CrowdTask.", ex.Message.Split(" (Parameter")[0]);
    }

    [Fact]
    public void CheckInsert_and_CheckUpdate_accept_version_0_and_a_stored_version_and_refuse_the_others_naming_the_record()
    {
        var task = Samples.Task() with { Version = 0 };

        RecordKind.Tasks.CheckInsert(task, "record");
        RecordKind.Tasks.CheckUpdate(task with { Version = 2 }, "record");
        var insert = Assert.Throws<ArgumentException>(() => RecordKind.Tasks.CheckInsert(task with { Version = 3 }, "record"));
        var update = Assert.Throws<ArgumentException>(() => RecordKind.Tasks.CheckUpdate(task, "record"));

        Assert.Equal("record", insert.ParamName);
        Assert.StartsWith($"CrowdTask '{task.Id}' has version 3; an insert must have version 0.", insert.Message, StringComparison.Ordinal);
        Assert.StartsWith($"CrowdTask '{task.Id}' has version 0; only a stored record (version 1 or more) can be updated.", update.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => RecordKind.Tasks.CheckInsert(null!, "record"));
    }

    private static IVersionedRecord Sample(string kind) => kind switch
    {
        "Campaign" => Samples.Campaign(),
        "CrowdTask" => Samples.Task(),
        "Participant" => Samples.Participant(),
        "Questionnaire" => Samples.Questionnaire(),
        "Assignment" => Samples.Assignment(),
        "Response" => Samples.Response(),
        _ => Samples.Notification(),
    };

    private static IVersionedRecord Stamp(IVersionedRecord record, long version, string by, DateTimeOffset at) => record switch
    {
        Campaign r => r with { Version = version, ModifiedBy = by, ModifiedAt = at },
        CrowdTask r => r with { Version = version, ModifiedBy = by, ModifiedAt = at },
        Participant r => r with { Version = version, ModifiedBy = by, ModifiedAt = at },
        Questionnaire r => r with { Version = version, ModifiedBy = by, ModifiedAt = at },
        Assignment r => r with { Version = version, ModifiedBy = by, ModifiedAt = at },
        Response r => r with { Version = version, ModifiedBy = by, ModifiedAt = at },
        Notification r => r with { Version = version, ModifiedBy = by, ModifiedAt = at },
        _ => throw new ArgumentOutOfRangeException(nameof(record)),
    };

    private sealed class Stranger : IVersionedRecord
    {
        public string Id => "s-1";

        public long Version => 0;

        public string? ModifiedBy => null;

        public DateTimeOffset? ModifiedAt => null;
    }
}

using Crowdsourcing.Abstractions.Tests.TestSupport;
using Crowdsourcing.DecisionCycles;
using Crowdsourcing.Storage;

namespace Crowdsourcing.Abstractions.Tests.Storage;

public sealed class ChangeSetTests
{
    public static TheoryData<string> StoredTypes => new() { "task", "participant", "questionnaire", "assignment", "response" };

    [Fact]
    public void New_change_set_is_empty()
    {
        var changes = new ChangeSet();
        Assert.True(changes.IsEmpty);
        Assert.Empty(changes.Writes);
        Assert.Empty(changes.Assessments);
        Assert.Empty(changes.Beliefs);
        Assert.Empty(changes.Notifications);
        Assert.Null(changes.Cycle);
    }

    [Theory]
    [MemberData(nameof(StoredTypes))]
    public void Insert_accepts_a_new_record_of_each_stored_type(string type)
    {
        var record = WithVersion(Stored(type), 0);
        var changes = new ChangeSet().Insert(record);
        var write = Assert.Single(changes.Writes);
        Assert.Equal(RecordWriteKind.Insert, write.Kind);
        Assert.Same(record, write.Record);
        Assert.False(changes.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(StoredTypes))]
    public void Insert_refuses_a_record_with_a_version(string type)
    {
        var record = WithVersion(Stored(type), 2);
        Throws.With<ArgumentException>(() => new ChangeSet().Insert(record), $"{record.GetType().Name} '{record.Id}' has version 2; an insert must have version 0");
    }

    [Theory]
    [MemberData(nameof(StoredTypes))]
    public void Update_accepts_a_stored_record_of_each_stored_type(string type)
    {
        var record = WithVersion(Stored(type), 1);
        var write = Assert.Single(new ChangeSet().Update(record).Writes);
        Assert.Equal(RecordWriteKind.Update, write.Kind);
        Assert.Same(record, write.Record);
    }

    [Theory]
    [MemberData(nameof(StoredTypes))]
    public void Update_refuses_a_record_that_was_never_stored(string type)
    {
        var record = WithVersion(Stored(type), 0);
        Throws.With<ArgumentException>(() => new ChangeSet().Update(record), $"{record.GetType().Name} '{record.Id}' has version 0; only a stored record (version 1 or more) can be updated");
    }

    [Fact]
    public void Insert_and_update_refuse_types_the_stores_do_not_write()
    {
        var notification = Samples.Notification() with { Version = 0 };
        Throws.With<ArgumentException>(() => new ChangeSet().Insert(notification), "A change set cannot write a Notification", "notifications go through Enqueue");
        Throws.With<ArgumentException>(() => new ChangeSet().Update(Samples.Notification()), "A change set cannot write a Notification");
        Throws.With<ArgumentException>(() => new ChangeSet().Insert(new ForeignRecord()), "A change set cannot write a ForeignRecord");
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        var changes = new ChangeSet();
        Assert.Throws<ArgumentNullException>(() => changes.Insert(null!));
        Assert.Throws<ArgumentNullException>(() => changes.Update(null!));
        Assert.Throws<ArgumentNullException>(() => changes.Assess(null!));
        Assert.Throws<ArgumentNullException>(() => changes.SaveBeliefs((IEnumerable<ParticipantBelief>)null!));
        Assert.Throws<ArgumentNullException>(() => changes.SaveBeliefs((BeliefColumns)null!));
        Assert.Throws<ArgumentNullException>(() => changes.EnqueueContacts(null!));
        Assert.Throws<ArgumentNullException>(() => changes.SaveBeliefs([Samples.Belief(), null!]));
        Assert.Throws<ArgumentNullException>(() => changes.Enqueue(null!));
        Assert.Throws<ArgumentNullException>(() => changes.RecordCycle(null!));
    }

    [Fact]
    public void Enqueue_refuses_a_notification_with_a_version()
    {
        Throws.With<ArgumentException>(() => new ChangeSet().Enqueue(Samples.Notification()), "Notification 'notif-1' has version 3; an enqueued notification must have version 0");
    }

    [Fact]
    public void Collects_every_kind_of_change_in_order()
    {
        var task = Samples.Task() with { Version = 0 };
        var assignment = Samples.Assignment();
        var notification = Samples.Notification() with { Version = 0 };
        var changes = new ChangeSet()
            .Insert(task)
            .Update(assignment)
            .Assess(Samples.FailedAssessment())
            .SaveBeliefs([Samples.Belief(), Samples.Belief() with { ParticipantId = "expert-9" }])
            .Enqueue(notification)
            .RecordCycle(Samples.Cycle());

        Assert.Equal([task, (IVersionedRecord)assignment], changes.Writes.Select(w => w.Record));
        Assert.Single(changes.Assessments);
        Assert.Equal(["expert-7", "expert-9"], changes.Beliefs.Select(b => b.ParticipantId));
        Assert.Same(notification, Assert.Single(changes.Notifications));
        Assert.Equal(3, changes.Cycle!.Cycle);
        Assert.False(changes.IsEmpty);
    }

    [Theory]
    [InlineData("assess")]
    [InlineData("beliefs")]
    [InlineData("enqueue")]
    [InlineData("cycle")]
    public void Any_single_change_makes_the_set_non_empty(string change)
    {
        var changes = new ChangeSet();
        _ = change switch
        {
            "assess" => changes.Assess(Samples.FailedAssessment()),
            "beliefs" => changes.SaveBeliefs([Samples.Belief()]),
            "enqueue" => changes.Enqueue(Samples.Notification() with { Version = 0 }),
            _ => changes.RecordCycle(Samples.Cycle()),
        };
        Assert.False(changes.IsEmpty);
    }

    [Fact]
    public void Saving_no_beliefs_leaves_the_set_empty()
    {
        Assert.True(new ChangeSet().SaveBeliefs([]).IsEmpty);
    }

    [Fact]
    public void A_second_cycle_is_refused_naming_the_first()
    {
        var changes = new ChangeSet().RecordCycle(Samples.Cycle());
        Throws.With<InvalidOperationException>(() => changes.RecordCycle(Samples.Cycle() with { Cycle = 4 }), "already records cycle 3 of campaign 'campaign-2026'");
        Assert.Equal(3, changes.Cycle!.Cycle);
    }

    private static IVersionedRecord Stored(string type) => type switch
    {
        "task" => Samples.Task(),
        "participant" => Samples.Participant(),
        "questionnaire" => Samples.Questionnaire(),
        "assignment" => Samples.Assignment(),
        _ => Samples.Response(),
    };

    private static IVersionedRecord WithVersion(IVersionedRecord record, long version) => record switch
    {
        Crowdsourcing.Tasks.CrowdTask t => t with { Version = version },
        Crowdsourcing.Crowd.Participant p => p with { Version = version },
        Crowdsourcing.Questionnaires.Questionnaire q => q with { Version = version },
        Crowdsourcing.Assignments.Assignment a => a with { Version = version },
        Crowdsourcing.Assignments.Response r => r with { Version = version },
        _ => throw new ArgumentOutOfRangeException(nameof(record)),
    };

    private sealed class ForeignRecord : IVersionedRecord
    {
        public string Id => "foreign-1";

        public long Version => 0;

        public string? ModifiedBy => null;

        public DateTimeOffset? ModifiedAt => null;
    }
}

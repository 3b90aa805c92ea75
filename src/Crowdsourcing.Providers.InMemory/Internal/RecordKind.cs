using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Notifications;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Serialization;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Providers.InMemory.Internal;

/// <summary>
/// How the in-memory store copies, versions and compares one kind of versioned record.
/// </summary>
/// <remarks>
/// Copies are deep: every list of the record (and of the records nested in it) is copied into a new array, so a record
/// handed out shares nothing with the stored one, and a caller that keeps or changes the lists of a record it wrote
/// cannot change the store. The content compared for idempotent inserts is the JSON
/// (<see cref="CrowdsourcingJson"/>) of the record with <see cref="IVersionedRecord.Version"/>,
/// <see cref="IVersionedRecord.ModifiedBy"/> and <see cref="IVersionedRecord.ModifiedAt"/> cleared (for notifications
/// also the delivery state).
/// </remarks>
internal sealed class RecordKind<T>
    where T : class, IVersionedRecord
{
    private readonly Func<T, long, T> _withVersion;
    private readonly Func<T, T> _content;
    private readonly Func<T, T> _copy;

    public RecordKind(string name, Func<T, long, T> withVersion, Func<T, T> content, Func<T, T> copy)
    {
        Name = name;
        _withVersion = withVersion;
        _content = content;
        _copy = copy;
    }

    /// <summary>The record type's name used in exceptions, for example <c>Assignment</c>.</summary>
    public string Name { get; }

    /// <summary>The record with another version.</summary>
    public T WithVersion(T record, long version) => _withVersion(record, version);

    /// <summary>Makes the row to store for <paramref name="record"/>: a private deep copy and its content key.</summary>
    public StoredRecord<T> Store(T record) => new(_copy(record), this, Fingerprint(record));

    /// <summary>Makes a row whose content key is carried over (the content did not change, only the delivery state).</summary>
    public StoredRecord<T> Store(T record, string fingerprint) => new(_copy(record), this, fingerprint);

    /// <summary>The content key of a record: its JSON without version and modification metadata.</summary>
    public string Fingerprint(T record) => CrowdsourcingJson.Serialize(_content(record));

    /// <summary>A fresh deep copy of a record.</summary>
    public T Copy(T record) => _copy(record);

    /// <summary>A fresh deep copy of a stored row for a caller.</summary>
    public static T Copy(StoredRecord<T> row) => row.Kind.Copy(row.Record);
}

/// <summary>A stored row: the record (a private copy, never handed out) and its content key.</summary>
internal sealed record StoredRecord<T>(T Record, RecordKind<T> Kind, string Fingerprint)
    where T : class, IVersionedRecord;

/// <summary>The record kinds the in-memory store keeps.</summary>
internal static class RecordKinds
{
    public static RecordKind<CrowdTask> Tasks { get; } = new(
        nameof(CrowdTask),
        static (r, v) => r with { Version = v },
        static r => r with { Version = 0, ModifiedBy = null, ModifiedAt = null },
        static r => r with
        {
            AllowedLayers = r.AllowedLayers.ToArray(),
            ExpectedOutcomes = r.ExpectedOutcomes.ToArray(),
            Milestones = r.Milestones.ToArray(),
            KeyIndicators = r.KeyIndicators.ToArray(),
        });

    public static RecordKind<Participant> Participants { get; } = new(
        nameof(Participant),
        static (r, v) => r with { Version = v },
        static r => r with { Version = 0, ModifiedBy = null, ModifiedAt = null },
        static r => r with { Qualifications = r.Qualifications.ToArray(), ColleagueIds = r.ColleagueIds.ToArray() });

    public static RecordKind<Campaign> Campaigns { get; } = new(
        nameof(Campaign),
        static (r, v) => r with { Version = v },
        static r => r with { Version = 0, ModifiedBy = null, ModifiedAt = null },
        static r => r with
        {
            Crowd = r.Crowd with
            {
                Layers = r.Crowd.Layers.ToArray(),
                Qualifications = r.Crowd.Qualifications.ToArray(),
                ParticipantIds = r.Crowd.ParticipantIds.ToArray(),
            },
            QualityRules = r.QualityRules.ToArray(),
            Readiness = r.Readiness with { Levels = r.Readiness.Levels.Select(static l => l with { Criteria = l.Criteria.ToArray() }).ToArray() },
            Incentives = r.Incentives.ToArray(),
        });

    public static RecordKind<Questionnaire> Questionnaires { get; } = new(
        nameof(Questionnaire),
        static (r, v) => r with { Version = v },
        static r => r with { Version = 0, ModifiedBy = null, ModifiedAt = null },
        static r => r with
        {
            Sections = r.Sections.Select(static s => s with
            {
                Questions = s.Questions.Select(static q => q with
                {
                    Constraints = q.Constraints with { Choices = q.Constraints.Choices.ToArray() },
                }).ToArray(),
            }).ToArray(),
        });

    public static RecordKind<Assignment> Assignments { get; } = new(
        nameof(Assignment),
        static (r, v) => r with { Version = v },
        static r => r with { Version = 0, ModifiedBy = null, ModifiedAt = null },
        static r => r with
        {
            AssigneeIds = r.AssigneeIds.ToArray(),
            Delegations = r.Delegations.Select(static d => d with { QuestionIds = d.QuestionIds.ToArray() }).ToArray(),
            Feedback = r.Feedback.ToArray(),
        });

    public static RecordKind<Response> Responses { get; } = new(
        nameof(Response),
        static (r, v) => r with { Version = v },
        static r => r with { Version = 0, ModifiedBy = null, ModifiedAt = null },
        static r => r with { Answers = r.Answers.ToArray() });

    /// <summary>Notifications: the content is what the enqueuer wrote; the delivery state (status, attempts, next
    /// attempt, lease, delivery time, last error) changes as it is delivered and is not part of it. A notification
    /// holds no lists, so a shallow copy is a deep one.</summary>
    public static RecordKind<Notification> Notifications { get; } = new(
        nameof(Notification),
        static (r, v) => r with { Version = v },
        static r => r with
        {
            Version = 0,
            ModifiedBy = null,
            ModifiedAt = null,
            Status = NotificationStatus.Pending,
            Attempts = 0,
            NextAttemptAt = r.CreatedAt,
            LeaseOwner = null,
            LeaseExpiresAt = null,
            DeliveredAt = null,
            LastError = null,
        },
        static r => r with { });
}

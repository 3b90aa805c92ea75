using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Notifications;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;
using Crowdsourcing.Validation;

namespace Crowdsourcing.Storage;

/// <summary>
/// One kind of versioned record the stores keep (campaigns, tasks, participants, questionnaires, assignments,
/// responses and notifications), with the rules every provider applies to it in the same way: its name in exceptions,
/// how a version is stamped, which versions an insert and an update accept, and what counts as the same content when
/// an insert is retried.
/// </summary>
/// <remarks>
/// <para>
/// An insert is idempotent by <see cref="IVersionedRecord.Id"/>. When the id is already stored, the insert is a
/// <em>retry</em> if <see cref="HasSameContent"/> says the stored record and the inserted one have the same content: the
/// store returns the stored record and writes nothing. Otherwise it is a <em>duplicate</em>, and the store throws
/// <see cref="DuplicateRecordException"/>. The content is the record's JSON (the <see cref="CrowdsourcingJson"/>
/// contract) with <see cref="IVersionedRecord.Version"/>, <see cref="IVersionedRecord.ModifiedBy"/> and
/// <see cref="IVersionedRecord.ModifiedAt"/> cleared; for a <see cref="Notification"/> the delivery state (status,
/// attempts, next attempt, lease, delivery time and last error) is left out too, since it changes as the notification
/// is delivered. It is compared against the record as stored now, so a retry after an update is a duplicate.
/// </para>
/// <para>
/// A provider that keeps a content key with each row (to compare without reading the record back) stores
/// <see cref="ContentKey(IVersionedRecord)"/>; two records have the same content exactly when their keys are equal
/// (ordinal comparison).
/// </para>
/// </remarks>
/// <example>
/// A provider's insert, once it found a stored record with the same id:
/// <code>
/// var kind = RecordKind.Of(record);
/// if (!kind.HasSameContent(stored, record))
/// {
///     throw new DuplicateRecordException(kind.Name, record.Id);
/// }
///
/// return new InsertOutcome&lt;TRecord&gt;(stored, Inserted: false);
/// </code>
/// </example>
public abstract class RecordKind
{
    private static readonly JsonSerializerOptions Compact = new(CrowdsourcingJson.Options) { WriteIndented = false };

    private static readonly Dictionary<Type, RecordKind> ByType = new();

    private protected RecordKind(string name, Type recordType)
    {
        Name = name;
        RecordType = recordType;
    }

    /// <summary>Campaigns (<see cref="Campaign"/>).</summary>
    public static RecordKind<Campaign> Campaigns { get; } = Register(new RecordKind<Campaign>(
        static (r, v) => r with { Version = v },
        static r => r with { Version = 0, ModifiedBy = null, ModifiedAt = null }));

    /// <summary>Crowdsourced tasks (<see cref="CrowdTask"/>).</summary>
    public static RecordKind<CrowdTask> Tasks { get; } = Register(new RecordKind<CrowdTask>(
        static (r, v) => r with { Version = v },
        static r => r with { Version = 0, ModifiedBy = null, ModifiedAt = null }));

    /// <summary>Participants (<see cref="Participant"/>).</summary>
    public static RecordKind<Participant> Participants { get; } = Register(new RecordKind<Participant>(
        static (r, v) => r with { Version = v },
        static r => r with { Version = 0, ModifiedBy = null, ModifiedAt = null }));

    /// <summary>Questionnaires (<see cref="Questionnaire"/>).</summary>
    public static RecordKind<Questionnaire> Questionnaires { get; } = Register(new RecordKind<Questionnaire>(
        static (r, v) => r with { Version = v },
        static r => r with { Version = 0, ModifiedBy = null, ModifiedAt = null }));

    /// <summary>Assignments (<see cref="Assignment"/>).</summary>
    public static RecordKind<Assignment> Assignments { get; } = Register(new RecordKind<Assignment>(
        static (r, v) => r with { Version = v },
        static r => r with { Version = 0, ModifiedBy = null, ModifiedAt = null }));

    /// <summary>Responses (<see cref="Response"/>).</summary>
    public static RecordKind<Response> Responses { get; } = Register(new RecordKind<Response>(
        static (r, v) => r with { Version = v },
        static r => r with { Version = 0, ModifiedBy = null, ModifiedAt = null }));

    /// <summary>Notifications of the outbox (<see cref="Notification"/>): their content is what the enqueuer wrote; the
    /// delivery state is not part of it.</summary>
    public static RecordKind<Notification> Notifications { get; } = Register(new RecordKind<Notification>(
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
            QueuedAt = r.CreatedAt,
            History = [],
        }));

    /// <summary>Every kind, in the order above.</summary>
    public static IReadOnlyList<RecordKind> All { get; } = [Campaigns, Tasks, Participants, Questionnaires, Assignments, Responses, Notifications];

    /// <summary>The record type's name as exceptions give it, for example <c>Assignment</c> or <c>CrowdTask</c>.</summary>
    public string Name { get; }

    /// <summary>The record type.</summary>
    public Type RecordType { get; }

    /// <summary>The kind of <paramref name="record"/>, by its type.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The record is of a type the stores do not keep.</exception>
    public static RecordKind Of(IVersionedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ByType.TryGetValue(record.GetType(), out var kind)
            ? kind
            : throw new ArgumentException(
                $"The stores do not keep a {record.GetType().Name}; they keep campaigns, tasks, participants, questionnaires, assignments, responses and notifications.",
                nameof(record));
    }

    /// <summary>The content key of a record: equal (ordinal comparison) for two records exactly when they have the same
    /// content. It is the compact JSON of the record without the fields that are not content (see the remarks of
    /// <see cref="RecordKind"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The record is not of this kind.</exception>
    public abstract string ContentKey(IVersionedRecord record);

    /// <summary>Whether an insert of <paramref name="inserted"/> whose id is stored as <paramref name="stored"/> is a retry
    /// (same content) rather than a duplicate.</summary>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A record is not of this kind.</exception>
    public bool HasSameContent(IVersionedRecord stored, IVersionedRecord inserted) =>
        string.Equals(ContentKey(stored), ContentKey(inserted), StringComparison.Ordinal);

    /// <summary>Checks that a record may be inserted: a new record has version 0 (the store saves it as version 1).</summary>
    /// <param name="record">The record to insert.</param>
    /// <param name="paramName">The caller's parameter, for the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The record's version is not 0; the message names the record.</exception>
    public void CheckInsert(IVersionedRecord record, string paramName)
    {
        ArgumentNullException.ThrowIfNull(record, paramName);
        if (record.Version != 0)
        {
            throw new ArgumentException(Guard.Message($"{Name} '{record.Id}' has version {record.Version}; an insert must have version 0."), paramName);
        }
    }

    /// <summary>Checks that a record may be updated: only a stored record (version 1 or more) can be.</summary>
    /// <param name="record">The record to update, carrying the version it was read at.</param>
    /// <param name="paramName">The caller's parameter, for the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The record's version is 0; the message names the record.</exception>
    public void CheckUpdate(IVersionedRecord record, string paramName)
    {
        ArgumentNullException.ThrowIfNull(record, paramName);
        if (record.Version == 0)
        {
            throw new ArgumentException(Guard.Message($"{Name} '{record.Id}' has version 0; only a stored record (version 1 or more) can be updated."), paramName);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>The compact JSON of a model value.</summary>
    private protected static string CompactJson<T>(T value) =>
        JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Compact.GetTypeInfo(typeof(T)));

    private static RecordKind<TRecord> Register<TRecord>(RecordKind<TRecord> kind)
        where TRecord : class, IVersionedRecord
    {
        ByType.Add(typeof(TRecord), kind);
        return kind;
    }
}

/// <summary>
/// One kind of versioned record, typed: see <see cref="RecordKind"/>. The instances are
/// <see cref="RecordKind.Campaigns"/>, <see cref="RecordKind.Tasks"/>, <see cref="RecordKind.Participants"/>,
/// <see cref="RecordKind.Questionnaires"/>, <see cref="RecordKind.Assignments"/>, <see cref="RecordKind.Responses"/> and
/// <see cref="RecordKind.Notifications"/>.
/// </summary>
/// <typeparam name="TRecord">The record type.</typeparam>
public sealed class RecordKind<TRecord> : RecordKind
    where TRecord : class, IVersionedRecord
{
    private readonly Func<TRecord, long, TRecord> _withVersion;
    private readonly Func<TRecord, TRecord> _content;

    internal RecordKind(Func<TRecord, long, TRecord> withVersion, Func<TRecord, TRecord> content)
        : base(typeof(TRecord).Name, typeof(TRecord))
    {
        _withVersion = withVersion;
        _content = content;
    }

    /// <summary>The record as the store saves it at <paramref name="version"/> (everything else unchanged).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="ValidationFailedException"><paramref name="version"/> is negative.</exception>
    public TRecord WithVersion(TRecord record, long version)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _withVersion(record, version);
    }

    /// <summary>The record's content: the record with the fields that are not content reset (version 0, no modification
    /// metadata; for a notification, the delivery state of a new one).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public TRecord Content(TRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _content(record);
    }

    /// <summary>The content key of a record (see <see cref="RecordKind.ContentKey(IVersionedRecord)"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public string ContentKey(TRecord record) => CompactJson(Content(record));

    /// <inheritdoc/>
    public override string ContentKey(IVersionedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record is TRecord typed
            ? ContentKey(typed)
            : throw new ArgumentException($"A {record.GetType().Name} is not a {Name}.", nameof(record));
    }
}

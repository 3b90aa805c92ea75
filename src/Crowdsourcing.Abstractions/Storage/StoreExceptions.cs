using Crowdsourcing.Validation;

namespace Crowdsourcing.Storage;

/// <summary>
/// Thrown when a write carries a version that is no longer the stored one: somebody else changed the record first.
/// Nothing was written. Reload the record, reapply the change and write again.
/// </summary>
public sealed class ConcurrencyConflictException : ConflictException
{
    /// <summary>Creates the exception for a stale write.</summary>
    /// <param name="recordType">The kind of record, for example <c>Assignment</c>.</param>
    /// <param name="recordId">The record's identifier.</param>
    /// <param name="expectedVersion">The version the writer read and expected to replace.</param>
    /// <param name="actualVersion">The version stored now.</param>
    /// <param name="modifiedBy">Who made the stored version, when the record tracks it.</param>
    /// <param name="modifiedAt">When the stored version was made, when the record tracks it.</param>
    public ConcurrencyConflictException(string recordType, string recordId, long expectedVersion, long actualVersion, string? modifiedBy = null, DateTimeOffset? modifiedAt = null)
        : base(recordType, recordId, BuildMessage(recordType, recordId, expectedVersion, actualVersion, modifiedBy, modifiedAt))
    {
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
        ModifiedBy = modifiedBy;
        ModifiedAt = modifiedAt;
    }

    /// <summary>The version the writer expected to replace.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version stored now.</summary>
    public long ActualVersion { get; }

    /// <summary>Who made the stored version, or <see langword="null"/> when the record does not track it.</summary>
    public string? ModifiedBy { get; }

    /// <summary>When the stored version was made, or <see langword="null"/> when the record does not track it.</summary>
    public DateTimeOffset? ModifiedAt { get; }

    private static string BuildMessage(string recordType, string recordId, long expected, long actual, string? by, DateTimeOffset? at)
    {
        var who = by is null ? string.Empty : $" by '{by}'";
        var when = at is null ? string.Empty : $" at {at.Value:O}";
        return Guard.Message($"{recordType} '{recordId}' was changed{who}{when}: the write expected version {expected} but version {actual} is stored. Nothing was written; reload and try again.");
    }
}

/// <summary>
/// Thrown when an insert uses an identifier (idempotency key) that is already stored with different content.
/// A retried insert with the same content is not an error: it returns the stored record.
/// </summary>
public sealed class DuplicateRecordException : ConflictException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="recordType">The kind of record.</param>
    /// <param name="recordId">The identifier that is already taken.</param>
    public DuplicateRecordException(string recordType, string recordId)
        : base(recordType, recordId, $"{recordType} '{recordId}' already exists with different content; an insert with an existing id is only accepted as a retry of the same content.")
    {
    }
}

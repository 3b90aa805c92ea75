namespace Crowdsourcing.Storage;

/// <summary>
/// A record that a store keeps under a caller-chosen identifier and changes under optimistic concurrency.
/// </summary>
/// <remarks>
/// A new record has version 0. The store saves it as version 1 and adds one on every update. An update must carry the
/// version it read; when the stored version differs the store throws <see cref="ConcurrencyConflictException"/> and
/// writes nothing.
/// </remarks>
public interface IVersionedRecord
{
    /// <summary>The caller-chosen identifier: unique per record type, also the idempotency key of the insert.</summary>
    string Id { get; }

    /// <summary>The version the record was read at (0 for a record that was never stored).</summary>
    long Version { get; }

    /// <summary>Who made this version, when known.</summary>
    string? ModifiedBy { get; }

    /// <summary>When this version was made, as the caller's <see cref="TimeProvider"/> told it; <see langword="null"/> when unknown.</summary>
    DateTimeOffset? ModifiedAt { get; }
}

using Crowdsourcing.Validation;

namespace Crowdsourcing.Storage;

/// <summary>
/// A page of a listing in a store's stable order (ordinal by key). Keyset paging: pass the last key of a page as
/// <see cref="After"/> to get the next one.
/// </summary>
public readonly record struct PageRequest
{
    /// <summary>The default page size.</summary>
    public const int DefaultLimit = 1000;

    /// <summary>Creates a page request.</summary>
    /// <param name="after">Return only keys ordinally after this one; <see langword="null"/> for the first page.</param>
    /// <param name="limit">The most items to return; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive (the message names
    /// <c>PageRequest.Limit</c> and the value; the parameter name is <c>Limit</c>).</exception>
    public PageRequest(string? after, int limit = DefaultLimit)
    {
        Guard.Positive(limit, nameof(PageRequest), nameof(Limit));
        After = after;
        LimitOrDefault = limit;
    }

    /// <summary>Every item, in order.</summary>
    public static PageRequest All => new(null, int.MaxValue);

    /// <summary>The first page of <paramref name="limit"/> items.</summary>
    public static PageRequest First(int limit) => new(null, limit);

    /// <summary>Return only keys ordinally after this one.</summary>
    public string? After { get; }

    /// <summary>The most items to return (<see cref="DefaultLimit"/> for a default-constructed request).</summary>
    public int Limit => LimitOrDefault == 0 ? DefaultLimit : LimitOrDefault;

    private int LimitOrDefault { get; }
}

/// <summary>What an idempotent insert did.</summary>
/// <typeparam name="TRecord">The record type.</typeparam>
/// <param name="Record">The stored record, with its stored version.</param>
/// <param name="Inserted"><see langword="true"/> when this call stored it; <see langword="false"/> when it was a
/// retry of an insert already stored with the same content.</param>
public sealed record InsertOutcome<TRecord>(TRecord Record, bool Inserted);

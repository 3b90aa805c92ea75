using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

/// <summary>
/// The rules every <see cref="IRecordStore{TRecord}"/> follows: insert, find, update under optimistic concurrency,
/// idempotent retries, ordered keyset-paged listings, copies that share nothing with the store, and cancellation.
/// </summary>
/// <typeparam name="TRecord">The record type.</typeparam>
public abstract class RecordStoreSpecification<TRecord> : StoreSpecificationBase
    where TRecord : class, IVersionedRecord
{
    /// <summary>The store under test.</summary>
    protected abstract IRecordStore<TRecord> RecordStore { get; }

    /// <summary>A valid new record (version 0) with the given id.</summary>
    protected abstract TRecord NewRecord(string id);

    /// <summary>The record with different content (not only different metadata), marked with <paramref name="change"/>.</summary>
    protected abstract TRecord Changed(TRecord record, string change);

    /// <summary>The record with the given version and modification metadata.</summary>
    protected abstract TRecord Stamped(TRecord record, long version, string? modifiedBy, DateTimeOffset? modifiedAt);

    /// <summary>Overwrites, in place, an element of one of the record's list properties (through <see cref="IList{T}"/>),
    /// as a careless caller could; returns false when the record exposes no writable list.</summary>
    protected abstract bool MutateInPlace(TRecord record);

    private static string TypeName => typeof(TRecord).Name;

    private static void AssertContent(TRecord expected, TRecord actual) => Assert.Equal(Json(expected), Json(actual));

    [Fact]
    public async Task Insert_stores_the_record_as_version_1_and_reports_it_inserted()
    {
        var record = Stamped(NewRecord("r-1"), 0, "alice", T0);

        var outcome = await RecordStore.InsertAsync(record);

        Assert.True(outcome.Inserted);
        Assert.Equal(1, outcome.Record.Version);
        AssertContent(Stamped(record, 1, "alice", T0), outcome.Record);
    }

    [Fact]
    public async Task Find_returns_the_inserted_record_with_its_content_version_and_metadata()
    {
        var record = Stamped(NewRecord("r-1"), 0, "alice", T0.AddMinutes(3));
        await RecordStore.InsertAsync(record);

        var found = await RecordStore.FindAsync("r-1");

        Assert.NotNull(found);
        AssertContent(Stamped(record, 1, "alice", T0.AddMinutes(3)), found);
    }

    [Fact]
    public async Task Find_returns_null_for_an_unknown_id()
    {
        await RecordStore.InsertAsync(NewRecord("r-1"));

        Assert.Null(await RecordStore.FindAsync("r-2"));
        Assert.Null(await RecordStore.FindAsync("R-1"));
    }

    [Fact]
    public async Task Insert_with_a_version_other_than_0_is_refused_and_stores_nothing()
    {
        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await RecordStore.InsertAsync(Stamped(NewRecord("r-1"), 3, null, null)));

        Assert.Contains("r-1", ex.Message, StringComparison.Ordinal);
        Assert.Null(await RecordStore.FindAsync("r-1"));
    }

    [Fact]
    public async Task Insert_retried_with_the_same_content_returns_the_stored_record_and_reports_it_not_inserted()
    {
        var record = Stamped(NewRecord("r-1"), 0, "alice", T0);
        await RecordStore.InsertAsync(record);

        var retry = await RecordStore.InsertAsync(record);

        Assert.False(retry.Inserted);
        Assert.Equal(1, retry.Record.Version);
        AssertContent(Stamped(record, 1, "alice", T0), retry.Record);
        Assert.Single(await ToListAsync(RecordStore.ListAsync()));
    }

    [Fact]
    public async Task Insert_retried_with_other_modification_metadata_is_a_retry_and_keeps_the_stored_metadata()
    {
        var record = Stamped(NewRecord("r-1"), 0, "alice", T0);
        await RecordStore.InsertAsync(record);

        var retry = await RecordStore.InsertAsync(Stamped(record, 0, "bob", T0.AddHours(1)));

        Assert.False(retry.Inserted);
        Assert.Equal("alice", retry.Record.ModifiedBy);
        Assert.Equal(T0, retry.Record.ModifiedAt);
    }

    [Fact]
    public async Task Insert_with_a_stored_id_and_different_content_throws_DuplicateRecordException_and_keeps_the_stored_record()
    {
        var record = NewRecord("r-1");
        await RecordStore.InsertAsync(record);

        var ex = await Assert.ThrowsAsync<DuplicateRecordException>(async () => await RecordStore.InsertAsync(Changed(record, "other content")));

        Assert.Equal(TypeName, ex.RecordType);
        Assert.Equal("r-1", ex.RecordId);
        Assert.Contains($"{TypeName} 'r-1' already exists with different content", ex.Message, StringComparison.Ordinal);
        AssertContent(Stamped(record, 1, null, null), (await RecordStore.FindAsync("r-1"))!);
    }

    [Fact]
    public async Task Insert_retry_after_the_record_was_updated_is_refused_as_a_duplicate_of_the_current_content()
    {
        var record = NewRecord("r-1");
        var stored = (await RecordStore.InsertAsync(record)).Record;
        await RecordStore.UpdateAsync(Changed(stored, "updated"));

        await Assert.ThrowsAsync<DuplicateRecordException>(async () => await RecordStore.InsertAsync(record));
        Assert.Equal(2, (await RecordStore.FindAsync("r-1"))!.Version);
    }

    [Fact]
    public async Task Update_with_the_stored_version_writes_the_next_version_with_the_new_content_and_metadata()
    {
        var stored = (await RecordStore.InsertAsync(NewRecord("r-1"))).Record;
        var change = Stamped(Changed(stored, "first change"), 1, "bob", T0.AddDays(1));

        var updated = await RecordStore.UpdateAsync(change);

        Assert.Equal(2, updated.Version);
        AssertContent(Stamped(change, 2, "bob", T0.AddDays(1)), updated);
        AssertContent(updated, (await RecordStore.FindAsync("r-1"))!);
    }

    [Fact]
    public async Task Each_update_adds_one_to_the_version()
    {
        var current = (await RecordStore.InsertAsync(NewRecord("r-1"))).Record;
        for (var i = 0; i < 5; i++)
        {
            current = await RecordStore.UpdateAsync(Changed(current, "change " + i));
            Assert.Equal(i + 2, current.Version);
        }

        Assert.Equal(6, (await RecordStore.FindAsync("r-1"))!.Version);
    }

    [Fact]
    public async Task Stale_update_throws_ConcurrencyConflictException_naming_the_record_the_versions_and_who_changed_it()
    {
        var stored = (await RecordStore.InsertAsync(NewRecord("r-1"))).Record;
        var winner = await RecordStore.UpdateAsync(Stamped(Changed(stored, "winner"), 1, "bob", T0.AddHours(2)));
        var loser = Stamped(Changed(stored, "loser"), 1, "carol", T0.AddHours(3));

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await RecordStore.UpdateAsync(loser));

        Assert.Equal(TypeName, ex.RecordType);
        Assert.Equal("r-1", ex.RecordId);
        Assert.Equal(1, ex.ExpectedVersion);
        Assert.Equal(2, ex.ActualVersion);
        Assert.Equal("bob", ex.ModifiedBy);
        Assert.Equal(T0.AddHours(2), ex.ModifiedAt);
        Assert.Equal($"{TypeName} 'r-1' was changed by 'bob' at {T0.AddHours(2):O}: the write expected version 1 but version 2 is stored. Nothing was written; reload and try again.", ex.Message);
        AssertContent(winner, (await RecordStore.FindAsync("r-1"))!);
    }

    [Fact]
    public async Task Update_with_a_version_ahead_of_the_stored_one_is_a_conflict()
    {
        var stored = (await RecordStore.InsertAsync(NewRecord("r-1"))).Record;

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await RecordStore.UpdateAsync(Stamped(Changed(stored, "ahead"), 7, null, null)));

        Assert.Equal(7, ex.ExpectedVersion);
        Assert.Equal(1, ex.ActualVersion);
        AssertContent(stored, (await RecordStore.FindAsync("r-1"))!);
    }

    [Fact]
    public async Task Update_of_a_missing_record_throws_RecordNotFoundException_and_stores_nothing()
    {
        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await RecordStore.UpdateAsync(Stamped(NewRecord("missing"), 1, null, null)));

        Assert.Equal(TypeName, ex.RecordType);
        Assert.Equal("missing", ex.RecordId);
        Assert.Equal($"{TypeName} 'missing' does not exist.", ex.Message);
        Assert.Null(await RecordStore.FindAsync("missing"));
    }

    [Fact]
    public async Task Update_with_version_0_is_refused_because_the_record_was_never_stored()
    {
        await RecordStore.InsertAsync(NewRecord("r-1"));

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await RecordStore.UpdateAsync(Changed(NewRecord("r-1"), "v0")));
        Assert.Equal(1, (await RecordStore.FindAsync("r-1"))!.Version);
    }

    [Fact]
    public async Task List_yields_records_in_ordinal_id_order_whatever_the_insert_order()
    {
        string[] ids = ["b", "B", "a", "A", "_x", "10", "9", "a-2", "a-10", "é", "z", "Z~"];
        foreach (var id in ids)
        {
            await RecordStore.InsertAsync(NewRecord(id));
        }

        var listed = await ToListAsync(RecordStore.ListAsync(PageRequest.All));

        Assert.Equal(ids.Order(CodePointComparer.Instance), listed.Select(r => r.Id));
    }

    [Fact]
    public async Task List_orders_by_code_point_so_characters_beyond_the_BMP_come_after_U_FF21()
    {
        // U+1F680 is stored as the surrogate pair D83D DE80: before U+FF21 in UTF-16 code-unit order, but after it in
        // code-point (UTF-8 byte) order, which is the order databases use and the contract promises.
        string[] ids = ["\uFF21-fullwidth", "\U0001F680-rocket", "\u00E9-e-acute", "a"];
        foreach (var id in ids)
        {
            await RecordStore.InsertAsync(NewRecord(id));
        }

        var listed = await ToListAsync(RecordStore.ListAsync(PageRequest.All));

        Assert.Equal(["a", "\u00E9-e-acute", "\uFF21-fullwidth", "\U0001F680-rocket"], listed.Select(r => r.Id));
    }

    [Fact]
    public async Task List_pages_with_keyset_paging_and_the_pages_join_up_to_the_whole_listing()
    {
        var ids = Enumerable.Range(0, 25).Select(i => $"r-{i * 7 % 25:D2}").ToArray();
        foreach (var id in ids)
        {
            await RecordStore.InsertAsync(NewRecord(id));
        }

        var pages = new List<List<TRecord>>();
        string? after = null;
        while (true)
        {
            var page = await ToListAsync(RecordStore.ListAsync(new PageRequest(after, 10)));
            if (page.Count == 0)
            {
                break;
            }

            pages.Add(page);
            after = page[^1].Id;
        }

        Assert.Equal([10, 10, 5], pages.Select(p => p.Count));
        Assert.Equal(ids.Order(CodePointComparer.Instance), pages.SelectMany(p => p).Select(r => r.Id));
    }

    [Fact]
    public async Task List_after_a_key_that_is_not_stored_starts_at_the_next_stored_key()
    {
        foreach (var id in new[] { "a", "c", "e" })
        {
            await RecordStore.InsertAsync(NewRecord(id));
        }

        Assert.Equal(["c", "e"], (await ToListAsync(RecordStore.ListAsync(new PageRequest("b", 5)))).Select(r => r.Id));
        Assert.Equal(["c"], (await ToListAsync(RecordStore.ListAsync(new PageRequest("a", 1)))).Select(r => r.Id));
        Assert.Empty(await ToListAsync(RecordStore.ListAsync(new PageRequest("e", 5))));
    }

    [Fact]
    public async Task List_with_a_default_page_request_yields_the_first_DefaultLimit_records()
    {
        var records = Enumerable.Range(0, PageRequest.DefaultLimit + 1).Select(i => $"r-{i:D5}").ToArray();
        foreach (var id in records)
        {
            await RecordStore.InsertAsync(NewRecord(id));
        }

        var listed = await ToListAsync(RecordStore.ListAsync());

        Assert.Equal(PageRequest.DefaultLimit, listed.Count);
        Assert.Equal(records.Take(PageRequest.DefaultLimit), listed.Select(r => r.Id));
    }

    [Fact]
    public async Task List_of_an_empty_store_yields_nothing()
    {
        Assert.Empty(await ToListAsync(RecordStore.ListAsync(PageRequest.All)));
    }

    [Fact]
    public async Task List_shows_the_current_version_of_each_record()
    {
        var stored = (await RecordStore.InsertAsync(NewRecord("r-1"))).Record;
        await RecordStore.InsertAsync(NewRecord("r-2"));
        var updated = await RecordStore.UpdateAsync(Changed(stored, "updated"));

        var listed = await ToListAsync(RecordStore.ListAsync(PageRequest.All));

        AssertContent(updated, listed[0]);
        Assert.Equal([2L, 1L], listed.Select(r => r.Version));
    }

    [Fact]
    public async Task Records_returned_by_the_store_share_no_state_with_it()
    {
        var record = NewRecord("r-1");
        var inserted = (await RecordStore.InsertAsync(record)).Record;
        var expected = Json(inserted);

        var mutatedSomething = MutateInPlace(record) | MutateInPlace(inserted);
        var found = await RecordStore.FindAsync("r-1");
        mutatedSomething |= MutateInPlace(found!);
        var listed = await ToListAsync(RecordStore.ListAsync(PageRequest.All));
        mutatedSomething |= MutateInPlace(listed[0]);

        Assert.True(mutatedSomething, "The test could not mutate any list of the record; MutateInPlace must change something.");
        Assert.Equal(expected, Json((await RecordStore.FindAsync("r-1"))!));
    }

    [Fact]
    public async Task Insert_with_a_cancelled_token_throws_and_stores_nothing()
    {
        await AssertCancelledAsync(() => RecordStore.InsertAsync(NewRecord("r-1"), Cancelled));

        Assert.Null(await RecordStore.FindAsync("r-1"));
    }

    [Fact]
    public async Task Find_with_a_cancelled_token_throws()
    {
        await RecordStore.InsertAsync(NewRecord("r-1"));

        await AssertCancelledAsync(() => RecordStore.FindAsync("r-1", Cancelled));
    }

    [Fact]
    public async Task Update_with_a_cancelled_token_throws_and_changes_nothing()
    {
        var stored = (await RecordStore.InsertAsync(NewRecord("r-1"))).Record;

        await AssertCancelledAsync(() => RecordStore.UpdateAsync(Changed(stored, "cancelled"), Cancelled));

        AssertContent(stored, (await RecordStore.FindAsync("r-1"))!);
    }

    [Fact]
    public async Task List_with_a_cancelled_token_throws()
    {
        await RecordStore.InsertAsync(NewRecord("r-1"));

        await AssertCancelledAsync(RecordStore.ListAsync(PageRequest.All, Cancelled));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var record in RecordStore.ListAsync(PageRequest.All).WithCancellation(Cancelled))
            {
                Assert.Fail($"Listing with a cancelled enumerator token yielded {record.Id}.");
            }
        });
    }

    /// <summary>Overwrites the first element of a list in place when the list allows it (arrays do, although they
    /// report <see cref="ICollection{T}.IsReadOnly"/>).</summary>
    protected static bool Overwrite<T>(IReadOnlyList<T> list, T value) =>
        list is IList<T> { Count: > 0 } writable && Set(writable, value);

    private static bool Set<T>(IList<T> list, T value)
    {
        try
        {
            list[0] = value;
            return true;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }
}

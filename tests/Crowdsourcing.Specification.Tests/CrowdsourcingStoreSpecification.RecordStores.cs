using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The rules every IRecordStore<TRecord> follows: insert, find, update under optimistic concurrency, idempotent retries,
// ordered keyset-paged listings, copies that share nothing with the store, and cancellation. Each test runs once per
// record kind (RecordKinds); RecordStoreCase gives it the store and the records of that kind.
public abstract partial class CrowdsourcingStoreSpecification
{
    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Insert_stores_the_record_as_version_1_and_reports_it_inserted(string kind)
    {
        var records = Records(kind);
        var record = records.Stamped(records.NewRecord("r-1"), 0, "alice", T0);

        var outcome = await records.InsertAsync(record);

        Assert.True(outcome.Inserted);
        Assert.Equal(1, outcome.Record.Version);
        records.AssertContent(records.Stamped(record, 1, "alice", T0), outcome.Record);
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Find_returns_the_inserted_record_with_its_content_version_and_metadata(string kind)
    {
        var records = Records(kind);
        var record = records.Stamped(records.NewRecord("r-1"), 0, "alice", T0.AddMinutes(3));
        await records.InsertAsync(record);

        var found = await records.FindAsync("r-1");

        Assert.NotNull(found);
        records.AssertContent(records.Stamped(record, 1, "alice", T0.AddMinutes(3)), found);
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Find_returns_null_for_an_unknown_id(string kind)
    {
        var records = Records(kind);
        await records.InsertAsync(records.NewRecord("r-1"));

        Assert.Null(await records.FindAsync("r-2"));
        Assert.Null(await records.FindAsync("R-1"));
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Insert_with_a_version_other_than_0_is_refused_and_stores_nothing(string kind)
    {
        var records = Records(kind);
        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await records.InsertAsync(records.Stamped(records.NewRecord("r-1"), 3, null, null)));

        Assert.Contains("r-1", ex.Message, StringComparison.Ordinal);
        Assert.Null(await records.FindAsync("r-1"));
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Insert_retried_with_the_same_content_returns_the_stored_record_and_reports_it_not_inserted(string kind)
    {
        var records = Records(kind);
        var record = records.Stamped(records.NewRecord("r-1"), 0, "alice", T0);
        await records.InsertAsync(record);

        var retry = await records.InsertAsync(record);

        Assert.False(retry.Inserted);
        Assert.Equal(1, retry.Record.Version);
        records.AssertContent(records.Stamped(record, 1, "alice", T0), retry.Record);
        Assert.Single(await ToListAsync(records.ListAsync()));
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Insert_retried_with_other_modification_metadata_is_a_retry_and_keeps_the_stored_metadata(string kind)
    {
        var records = Records(kind);
        var record = records.Stamped(records.NewRecord("r-1"), 0, "alice", T0);
        await records.InsertAsync(record);

        var retry = await records.InsertAsync(records.Stamped(record, 0, "bob", T0.AddHours(1)));

        Assert.False(retry.Inserted);
        Assert.Equal("alice", retry.Record.ModifiedBy);
        Assert.Equal(T0, retry.Record.ModifiedAt);
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Insert_with_a_stored_id_and_different_content_throws_DuplicateRecordException_and_keeps_the_stored_record(string kind)
    {
        var records = Records(kind);
        var record = records.NewRecord("r-1");
        await records.InsertAsync(record);

        var ex = await Assert.ThrowsAsync<DuplicateRecordException>(async () => await records.InsertAsync(records.Changed(record, "other content")));

        Assert.Equal(records.TypeName, ex.RecordType);
        Assert.Equal("r-1", ex.RecordId);
        Assert.Contains($"{records.TypeName} 'r-1' already exists with different content", ex.Message, StringComparison.Ordinal);
        records.AssertContent(records.Stamped(record, 1, null, null), (await records.FindAsync("r-1"))!);
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Insert_retry_after_the_record_was_updated_is_refused_as_a_duplicate_of_the_current_content(string kind)
    {
        var records = Records(kind);
        var record = records.NewRecord("r-1");
        var stored = (await records.InsertAsync(record)).Record;
        await records.UpdateAsync(records.Changed(stored, "updated"));

        await Assert.ThrowsAsync<DuplicateRecordException>(async () => await records.InsertAsync(record));
        Assert.Equal(2, (await records.FindAsync("r-1"))!.Version);
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Update_with_the_stored_version_writes_the_next_version_with_the_new_content_and_metadata(string kind)
    {
        var records = Records(kind);
        var stored = (await records.InsertAsync(records.NewRecord("r-1"))).Record;
        var change = records.Stamped(records.Changed(stored, "first change"), 1, "bob", T0.AddDays(1));

        var updated = await records.UpdateAsync(change);

        Assert.Equal(2, updated.Version);
        records.AssertContent(records.Stamped(change, 2, "bob", T0.AddDays(1)), updated);
        records.AssertContent(updated, (await records.FindAsync("r-1"))!);
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Each_update_adds_one_to_the_version(string kind)
    {
        var records = Records(kind);
        var current = (await records.InsertAsync(records.NewRecord("r-1"))).Record;
        for (var i = 0; i < 5; i++)
        {
            current = await records.UpdateAsync(records.Changed(current, "change " + i));
            Assert.Equal(i + 2, current.Version);
        }

        Assert.Equal(6, (await records.FindAsync("r-1"))!.Version);
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Stale_update_throws_ConcurrencyConflictException_naming_the_record_the_versions_and_who_changed_it(string kind)
    {
        var records = Records(kind);
        var stored = (await records.InsertAsync(records.NewRecord("r-1"))).Record;
        var winner = await records.UpdateAsync(records.Stamped(records.Changed(stored, "winner"), 1, "bob", T0.AddHours(2)));
        var loser = records.Stamped(records.Changed(stored, "loser"), 1, "carol", T0.AddHours(3));

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await records.UpdateAsync(loser));

        Assert.Equal(records.TypeName, ex.RecordType);
        Assert.Equal("r-1", ex.RecordId);
        Assert.Equal(1, ex.ExpectedVersion);
        Assert.Equal(2, ex.ActualVersion);
        Assert.Equal("bob", ex.ModifiedBy);
        Assert.Equal(T0.AddHours(2), ex.ModifiedAt);
        Assert.Equal($"{records.TypeName} 'r-1' was changed by 'bob' at {T0.AddHours(2):O}: the write expected version 1 but version 2 is stored. Nothing was written; reload and try again.", ex.Message);
        records.AssertContent(winner, (await records.FindAsync("r-1"))!);
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Update_with_a_version_ahead_of_the_stored_one_is_a_conflict(string kind)
    {
        var records = Records(kind);
        var stored = (await records.InsertAsync(records.NewRecord("r-1"))).Record;

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await records.UpdateAsync(records.Stamped(records.Changed(stored, "ahead"), 7, null, null)));

        Assert.Equal(7, ex.ExpectedVersion);
        Assert.Equal(1, ex.ActualVersion);
        records.AssertContent(stored, (await records.FindAsync("r-1"))!);
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Update_of_a_missing_record_throws_NotFoundException_and_stores_nothing(string kind)
    {
        var records = Records(kind);
        var ex = await Assert.ThrowsAsync<NotFoundException>(async () => await records.UpdateAsync(records.Stamped(records.NewRecord("missing"), 1, null, null)));

        Assert.Equal(records.TypeName, ex.RecordType);
        Assert.Equal("missing", ex.RecordId);
        Assert.Equal($"{records.TypeName} 'missing' does not exist.", ex.Message);
        Assert.Null(await records.FindAsync("missing"));
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Update_with_version_0_is_refused_because_the_record_was_never_stored(string kind)
    {
        var records = Records(kind);
        await records.InsertAsync(records.NewRecord("r-1"));

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await records.UpdateAsync(records.Changed(records.NewRecord("r-1"), "v0")));
        Assert.Equal(1, (await records.FindAsync("r-1"))!.Version);
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task List_yields_records_in_ordinal_id_order_whatever_the_insert_order(string kind)
    {
        var records = Records(kind);
        string[] ids = ["b", "B", "a", "A", "_x", "10", "9", "a-2", "a-10", "a.b", "z", "Z~", "@at", "~t"];
        foreach (var id in ids)
        {
            await records.InsertAsync(records.NewRecord(id));
        }

        var listed = await ToListAsync(records.ListAsync(PageRequest.All));

        Assert.Equal(ids.Order(CodePointComparer.Instance), listed.Select(r => r.Id));
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task List_orders_the_punctuation_ids_may_have_by_code_point(string kind)
    {
        // Ids are made of Limits.IdAlphabet (ASCII), where code-point order (the databases' order) is ordinal order.
        var records = Records(kind);
        string[] ids = ["~tilde", "_under", "@at", "-dash", "0zero", "Aupper", "alower", "a.b"];
        foreach (var id in ids)
        {
            await records.InsertAsync(records.NewRecord(id));
        }

        var listed = await ToListAsync(records.ListAsync(PageRequest.All));

        Assert.Equal(["-dash", "0zero", "@at", "Aupper", "_under", "a.b", "alower", "~tilde"], listed.Select(r => r.Id));
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task List_pages_with_keyset_paging_and_the_pages_join_up_to_the_whole_listing(string kind)
    {
        var records = Records(kind);
        var ids = Enumerable.Range(0, 25).Select(i => $"r-{i * 7 % 25:D2}").ToArray();
        foreach (var id in ids)
        {
            await records.InsertAsync(records.NewRecord(id));
        }

        var pages = new List<List<IVersionedRecord>>();
        string? after = null;
        while (true)
        {
            var page = await ToListAsync(records.ListAsync(new PageRequest(after, 10)));
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

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task List_after_a_key_that_is_not_stored_starts_at_the_next_stored_key(string kind)
    {
        var records = Records(kind);
        foreach (var id in new[] { "a", "c", "e" })
        {
            await records.InsertAsync(records.NewRecord(id));
        }

        Assert.Equal(["c", "e"], (await ToListAsync(records.ListAsync(new PageRequest("b", 5)))).Select(r => r.Id));
        Assert.Equal(["c"], (await ToListAsync(records.ListAsync(new PageRequest("a", 1)))).Select(r => r.Id));
        Assert.Empty(await ToListAsync(records.ListAsync(new PageRequest("e", 5))));
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task List_with_a_default_page_request_yields_the_first_DefaultLimit_records(string kind)
    {
        var records = Records(kind);
        var ids = Enumerable.Range(0, PageRequest.DefaultLimit + 1).Select(i => $"r-{i:D5}").ToArray();
        foreach (var id in ids)
        {
            await records.InsertAsync(records.NewRecord(id));
        }

        var listed = await ToListAsync(records.ListAsync());

        Assert.Equal(PageRequest.DefaultLimit, listed.Count);
        Assert.Equal(ids.Take(PageRequest.DefaultLimit), listed.Select(r => r.Id));
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task List_of_an_empty_store_yields_nothing(string kind)
    {
        var records = Records(kind);
        Assert.Empty(await ToListAsync(records.ListAsync(PageRequest.All)));
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task List_shows_the_current_version_of_each_record(string kind)
    {
        var records = Records(kind);
        var stored = (await records.InsertAsync(records.NewRecord("r-1"))).Record;
        await records.InsertAsync(records.NewRecord("r-2"));
        var updated = await records.UpdateAsync(records.Changed(stored, "updated"));

        var listed = await ToListAsync(records.ListAsync(PageRequest.All));

        records.AssertContent(updated, listed[0]);
        Assert.Equal([2L, 1L], listed.Select(r => r.Version));
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Records_returned_by_the_store_share_no_state_with_it(string kind)
    {
        var records = Records(kind);
        var record = records.NewRecord("r-1");
        var inserted = (await records.InsertAsync(record)).Record;
        var expected = records.Json(inserted);

        var mutatedSomething = records.MutateInPlace(record) | records.MutateInPlace(inserted);
        var found = await records.FindAsync("r-1");
        mutatedSomething |= records.MutateInPlace(found!);
        var listed = await ToListAsync(records.ListAsync(PageRequest.All));
        mutatedSomething |= records.MutateInPlace(listed[0]);

        Assert.True(mutatedSomething, "The test could not mutate any list of the record; MutateInPlace must change something.");
        Assert.Equal(expected, records.Json((await records.FindAsync("r-1"))!));
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Insert_with_a_cancelled_token_throws_and_stores_nothing(string kind)
    {
        var records = Records(kind);
        await AssertCancelledAsync(() => records.InsertAsync(records.NewRecord("r-1"), Cancelled));

        Assert.Null(await records.FindAsync("r-1"));
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Find_with_a_cancelled_token_throws(string kind)
    {
        var records = Records(kind);
        await records.InsertAsync(records.NewRecord("r-1"));

        await AssertCancelledAsync(() => records.FindAsync("r-1", Cancelled));
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task Update_with_a_cancelled_token_throws_and_changes_nothing(string kind)
    {
        var records = Records(kind);
        var stored = (await records.InsertAsync(records.NewRecord("r-1"))).Record;

        await AssertCancelledAsync(() => records.UpdateAsync(records.Changed(stored, "cancelled"), Cancelled));

        records.AssertContent(stored, (await records.FindAsync("r-1"))!);
    }

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public async Task List_with_a_cancelled_token_throws(string kind)
    {
        var records = Records(kind);
        await records.InsertAsync(records.NewRecord("r-1"));

        await AssertCancelledAsync(records.ListAsync(PageRequest.All, Cancelled));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var record in records.ListAsync(PageRequest.All).WithCancellation(Cancelled))
            {
                Assert.Fail($"Listing with a cancelled enumerator token yielded {record.Id}.");
            }
        });
    }
}

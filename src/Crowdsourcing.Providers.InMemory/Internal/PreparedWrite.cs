using Crowdsourcing.Storage;

namespace Crowdsourcing.Providers.InMemory.Internal;

/// <summary>
/// The writes a commit has checked but not applied yet, per table: later writes of the same commit see them (an insert
/// followed by an update of the same record works), and nothing reaches the tables until every write passed.
/// </summary>
internal sealed class StagedWrites
{
    private readonly Dictionary<object, Action> _apply = [];
    private readonly Dictionary<object, object> _overlays = [];

    public Dictionary<string, StoredRecord<T>> For<T>(InMemoryRecordStore<T> store)
        where T : class, IVersionedRecord
    {
        if (_overlays.TryGetValue(store, out var overlay))
        {
            return (Dictionary<string, StoredRecord<T>>)overlay;
        }

        var rows = new Dictionary<string, StoredRecord<T>>(StringComparer.Ordinal);
        _overlays.Add(store, rows);
        _apply.Add(store, () =>
        {
            foreach (var (id, row) in rows)
            {
                store.Table.Rows.Set(id, row);
                store.OnWritten(row.Record);
            }
        });
        return rows;
    }

    public void Apply()
    {
        foreach (var apply in _apply.Values)
        {
            apply();
        }
    }
}

/// <summary>One record write of a commit, prepared (copied, serialised) outside the lock.</summary>
internal abstract class PreparedWrite
{
    /// <summary>Checks the write against the tables and the earlier staged writes, and stages it.</summary>
    /// <returns>The row as it will be stored (the existing one for a retried insert).</returns>
    public abstract Func<IVersionedRecord> Stage(StagedWrites staged);

    public static PreparedWrite Insert<T>(InMemoryRecordStore<T> store, T record)
        where T : class, IVersionedRecord => new Write<T>(store, record, store.Table.PrepareInsert(record), insert: true);

    public static PreparedWrite Update<T>(InMemoryRecordStore<T> store, T record)
        where T : class, IVersionedRecord => new Write<T>(store, record, store.Table.PrepareUpdate(record), insert: false);

    private sealed class Write<T>(InMemoryRecordStore<T> store, T record, StoredRecord<T> candidate, bool insert) : PreparedWrite
        where T : class, IVersionedRecord
    {
        public override Func<IVersionedRecord> Stage(StagedWrites staged)
        {
            var overlay = staged.For(store);
            var id = candidate.Record.Id;
            if (!overlay.TryGetValue(id, out var existing))
            {
                store.Table.Rows.TryGet(id, out existing);
            }

            StoredRecord<T> row;
            if (insert)
            {
                var write = store.Table.CheckInsert(existing, candidate);
                row = write ?? existing!;
                if (write is not null)
                {
                    overlay[id] = write;
                }
            }
            else
            {
                store.Table.CheckUpdate(existing, record);
                overlay[id] = candidate;
                row = candidate;
            }

            return () => StoredRecord<T>.Copy(row);
        }
    }
}

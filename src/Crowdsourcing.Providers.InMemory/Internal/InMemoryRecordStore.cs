using Crowdsourcing.Assignments;
using Crowdsourcing.Crowd;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Providers.InMemory.Internal;

/// <summary>A table of versioned records with the rules of <see cref="IRecordStore{TRecord}"/>: the record kind's
/// (versions, content) and the in-memory store's own (private deep copies, kept with their content keys).</summary>
internal sealed class RecordTable<T>(RecordKind<T> kind, Func<T, T> copy)
    where T : class, IVersionedRecord
{
    public RecordKind<T> Kind { get; } = kind;

    public OrderedTable<StoredRecord<T>> Rows { get; } = new();

    /// <summary>Makes the row to store for <paramref name="record"/>: a private deep copy and its content key.</summary>
    public StoredRecord<T> Store(T record) => new(copy(record), this, Kind.ContentKey(record));

    /// <summary>Makes a row whose content key is carried over (the content did not change, only the delivery state).</summary>
    public StoredRecord<T> Store(T record, string contentKey) => new(copy(record), this, contentKey);

    /// <summary>A fresh deep copy of a record.</summary>
    public T Copy(T record) => copy(record);

    /// <summary>Checks an insert against the stored row (or one staged earlier in the same commit).</summary>
    /// <returns>The row to write, or <see langword="null"/> when the insert is a retry of the stored content.</returns>
    /// <exception cref="DuplicateRecordException">The id is stored with different content.</exception>
    public StoredRecord<T>? CheckInsert(StoredRecord<T>? existing, StoredRecord<T> candidate)
    {
        if (existing is null)
        {
            return candidate;
        }

        if (string.Equals(existing.ContentKey, candidate.ContentKey, StringComparison.Ordinal))
        {
            return null;
        }

        throw new DuplicateRecordException(Kind.Name, candidate.Record.Id);
    }

    /// <summary>Checks an update against the stored row (or one staged earlier in the same commit).</summary>
    public void CheckUpdate(StoredRecord<T>? existing, T record)
    {
        if (existing is null)
        {
            throw new NotFoundException(Kind.Name, record.Id);
        }

        var stored = existing.Record;
        if (stored.Version != record.Version)
        {
            throw new ConcurrencyConflictException(Kind.Name, record.Id, record.Version, stored.Version, stored.ModifiedBy, stored.ModifiedAt);
        }
    }

    /// <summary>Prepares the row an insert would write (version 1), outside the lock.</summary>
    public StoredRecord<T> PrepareInsert(T record)
    {
        Kind.CheckInsert(record, nameof(record));
        return Store(Kind.WithVersion(record, 1));
    }

    /// <summary>Prepares the row an update would write (the next version), outside the lock.</summary>
    public StoredRecord<T> PrepareUpdate(T record)
    {
        Kind.CheckUpdate(record, nameof(record));
        return Store(Kind.WithVersion(record, record.Version + 1));
    }
}

/// <summary>A stored row: the record (a private copy, never handed out), its table and its content key
/// (<see cref="RecordKind{TRecord}.ContentKey(TRecord)"/>).</summary>
internal sealed record StoredRecord<T>(T Record, RecordTable<T> Table, string ContentKey)
    where T : class, IVersionedRecord
{
    /// <summary>A fresh deep copy of a stored row for a caller.</summary>
    public static T Copy(StoredRecord<T> row) => row.Table.Copy(row.Record);
}

/// <summary>The in-memory <see cref="IRecordStore{TRecord}"/>.</summary>
internal class InMemoryRecordStore<T> : IRecordStore<T>
    where T : class, IVersionedRecord
{
    internal InMemoryRecordStore(Lock gate, RecordTable<T> table)
    {
        Gate = gate;
        Table = table;
    }

    internal Lock Gate { get; }

    internal RecordTable<T> Table { get; }

    public ValueTask<InsertOutcome<T>> InsertAsync(T record, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var candidate = Table.PrepareInsert(record);
        StoredRecord<T> row;
        bool inserted;
        lock (Gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Table.Rows.TryGet(candidate.Record.Id, out var existing);
            var write = Table.CheckInsert(existing, candidate);
            if (write is null)
            {
                row = existing!;
                inserted = false;
            }
            else
            {
                Table.Rows.Set(write.Record.Id, write);
                OnWritten(write.Record);
                row = write;
                inserted = true;
            }
        }

        return ValueTask.FromResult(new InsertOutcome<T>(StoredRecord<T>.Copy(row), inserted));
    }

    public ValueTask<T?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        StoredRecord<T>? row;
        lock (Gate)
        {
            Table.Rows.TryGet(id, out row);
        }

        return ValueTask.FromResult(row is null ? null : StoredRecord<T>.Copy(row));
    }

    public ValueTask<T> UpdateAsync(T record, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var candidate = Table.PrepareUpdate(record);
        lock (Gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Table.Rows.TryGet(record.Id, out var existing);
            Table.CheckUpdate(existing, record);
            Table.Rows.Set(record.Id, candidate);
            OnWritten(candidate.Record);
        }

        return ValueTask.FromResult(StoredRecord<T>.Copy(candidate));
    }

    /// <summary>Called under the lock after a row is written (also by a commit).</summary>
    protected internal virtual void OnWritten(T stored)
    {
    }

    public IAsyncEnumerable<T> ListAsync(PageRequest page = default, CancellationToken cancellationToken = default) =>
        List(page, null, cancellationToken);

    /// <summary>Lists the rows matching <paramref name="filter"/>, in id order, one page.</summary>
    protected IAsyncEnumerable<T> List(PageRequest page, Func<T, bool>? filter, CancellationToken cancellationToken) =>
        new SnapshotAsyncEnumerable<StoredRecord<T>, T>(
            () =>
            {
                lock (Gate)
                {
                    return Table.Rows.Page(page.After, page.Limit, filter is null ? null : row => filter(row.Record));
                }
            },
            StoredRecord<T>.Copy,
            cancellationToken);
}

/// <summary>The in-memory <see cref="ITaskStore"/>.</summary>
internal sealed class InMemoryTaskStore(Lock gate, RecordTable<CrowdTask> table) : InMemoryRecordStore<CrowdTask>(gate, table), ITaskStore
{
    public IAsyncEnumerable<CrowdTask> ListVisibleToAsync(CrowdLayer layer, PageRequest page = default, CancellationToken cancellationToken = default) =>
        List(page, task => task.Allows(layer), cancellationToken);
}

/// <summary>The in-memory <see cref="IParticipantStore"/>.</summary>
internal sealed class InMemoryParticipantStore(Lock gate, RecordTable<Participant> table) : InMemoryRecordStore<Participant>(gate, table), IParticipantStore
{
    public IAsyncEnumerable<Participant> ListByLayerAsync(CrowdLayer layer, PageRequest page = default, CancellationToken cancellationToken = default) =>
        List(page, participant => participant.Layer == layer, cancellationToken);

    public IAsyncEnumerable<Participant> ListByManagerAsync(string managerId, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(managerId);
        return List(page, participant => string.Equals(participant.ManagerId, managerId, StringComparison.Ordinal), cancellationToken);
    }

    public IAsyncEnumerable<Participant> ListByQualificationAsync(string qualification, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(qualification);
        return List(page, participant => participant.HasQualification(qualification), cancellationToken);
    }

    /// <summary>Every participant is checked under the lock; the ids are handed out after it.</summary>
    public async IAsyncEnumerable<string> ListIdsAsync(IReadOnlyCollection<CrowdLayer> layers, IReadOnlyList<string> qualifications, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(qualifications);
        cancellationToken.ThrowIfCancellationRequested();
        List<StoredRecord<Participant>> rows;
        lock (Gate)
        {
            rows = Table.Rows.Page(null, int.MaxValue, row => row.Record.IsActive && layers.Contains(row.Record.Layer) && qualifications.All(row.Record.HasQualification));
        }

        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row.Record.Id;
        }
    }

    /// <summary>Atomic: every participant is prepared outside the lock, then all are checked and written under it.</summary>
    public ValueTask<UpsertCounts> UpsertAsync(IReadOnlyList<Participant> participants, string modifiedBy, DateTimeOffset modifiedAt, CancellationToken cancellationToken = default)
    {
        var batch = UpsertCounts.Check(participants, modifiedBy);
        cancellationToken.ThrowIfCancellationRequested();
        var keys = batch.Select(p => Table.Kind.ContentKey(p)).ToArray();
        int added = 0, updated = 0, unchanged = 0;
        lock (Gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < batch.Length; i++)
            {
                var participant = batch[i];
                Table.Rows.TryGet(participant.Id, out var existing);
                long version;
                if (existing is null)
                {
                    version = 1;
                    added++;
                }
                else if (string.Equals(existing.ContentKey, keys[i], StringComparison.Ordinal))
                {
                    unchanged++;
                    continue;
                }
                else
                {
                    version = existing.Record.Version + 1;
                    updated++;
                }

                var row = Table.Store(participant with { Version = version, ModifiedBy = modifiedBy, ModifiedAt = modifiedAt }, keys[i]);
                Table.Rows.Set(participant.Id, row);
                OnWritten(row.Record);
            }
        }

        return ValueTask.FromResult(new UpsertCounts(added, updated, unchanged));
    }
}

/// <summary>The in-memory <see cref="ICampaignStore"/>.</summary>
internal sealed class InMemoryCampaignStore(Lock gate, RecordTable<Campaigns.Campaign> table) : InMemoryRecordStore<Campaigns.Campaign>(gate, table), ICampaignStore;

/// <summary>The in-memory <see cref="IQuestionnaireStore"/>.</summary>
internal sealed class InMemoryQuestionnaireStore(Lock gate, RecordTable<Questionnaire> table) : InMemoryRecordStore<Questionnaire>(gate, table), IQuestionnaireStore;

/// <summary>The in-memory <see cref="IResponseStore"/>.</summary>
internal sealed class InMemoryResponseStore(Lock gate, RecordTable<Response> table) : InMemoryRecordStore<Response>(gate, table), IResponseStore;

/// <summary>The in-memory <see cref="IAssignmentStore"/>, with the quality assessments.</summary>
internal sealed class InMemoryAssignmentStore(Lock gate, RecordTable<Assignment> table, AssessmentTable assessments, RecordTable<Response> responses, ReportReviewTable reviews) : InMemoryRecordStore<Assignment>(gate, table), IAssignmentStore
{
    public ValueTask DeleteAsync(string assignmentId, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignmentId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (Gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Table.Rows.TryGet(assignmentId, out var existing))
            {
                throw new NotFoundException(Table.Kind.Name, assignmentId);
            }

            var stored = existing.Record;
            if (stored.Version != expectedVersion)
            {
                throw new ConcurrencyConflictException(Table.Kind.Name, assignmentId, expectedVersion, stored.Version, stored.ModifiedBy, stored.ModifiedAt);
            }

            Table.Rows.Remove(assignmentId);
            responses.Rows.Remove(assignmentId);
            assessments.Remove(assignmentId);
            reviews.Remove(assignmentId);
        }

        return ValueTask.CompletedTask;
    }

    public IAsyncEnumerable<Assignment> ListByCampaignAsync(string campaignId, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        return List(page, assignment => string.Equals(assignment.CampaignId, campaignId, StringComparison.Ordinal), cancellationToken);
    }

    public IAsyncEnumerable<Assignment> ListByParticipantAsync(string participantId, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        return List(page, assignment => assignment.Contributors().Contains(participantId, StringComparer.Ordinal), cancellationToken);
    }

    public IAsyncEnumerable<QualityAssessment> ListAssessmentsAsync(string assignmentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignmentId);
        return new SnapshotAsyncEnumerable<QualityAssessment, QualityAssessment>(
            () =>
            {
                lock (Gate)
                {
                    return assessments.List(assignmentId);
                }
            },
            AssessmentTable.Copy,
            cancellationToken);
    }
}

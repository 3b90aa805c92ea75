using Crowdsourcing.Assignments;
using Crowdsourcing.Campaigns;
using Crowdsourcing.Crowd;
using Crowdsourcing.Quality;
using Crowdsourcing.Questionnaires;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

public abstract partial class CrowdsourcingStoreSpecification
{
    /// <summary>The record kinds the record-store tests run over, by type name: the <c>kind</c> argument of those theories.</summary>
    public static TheoryData<string> RecordKinds { get; } = new()
    {
        nameof(Campaign),
        nameof(CrowdTask),
        nameof(Participant),
        nameof(Questionnaire),
        nameof(Assignment),
        nameof(Response),
    };

    /// <summary>The store and the records of one kind, for the record-store tests.</summary>
    private RecordStoreCase Records(string kind) => kind switch
    {
        nameof(Campaign) => new RecordStoreCase<Campaign>(
            Campaigns,
            id => Campaign(id),
            (r, change) => r with { Name = change, QualityRules = [.. r.QualityRules, new MinimumCompletedSectionsRule("extra-" + r.Version, "datacenter", 1)] },
            (r, version, by, at) => r with { Version = version, ModifiedBy = by, ModifiedAt = at },
            r => Overwrite(r.QualityRules, new MinimumCompletedSectionsRule("mutated", "mutated", 9)) | Overwrite(r.Crowd.ParticipantIds, "mutated")),
        nameof(CrowdTask) => new RecordStoreCase<CrowdTask>(
            Tasks,
            id => NewTask(id),
            (r, change) => r with { Name = change, ExpectedOutcomes = [.. r.ExpectedOutcomes, change] },
            (r, version, by, at) => r with { Version = version, ModifiedBy = by, ModifiedAt = at },
            r => Overwrite(r.ExpectedOutcomes, "mutated") | Overwrite(r.AllowedLayers, CrowdLayer.General)),
        nameof(Participant) => new RecordStoreCase<Participant>(
            Participants,
            id => Participant(id, CrowdLayer.Prequalified, "Grace Hopper", "cloud", "storage"),
            (r, change) => r with { DisplayName = change },
            (r, version, by, at) => r with { Version = version, ModifiedBy = by, ModifiedAt = at },
            r => Overwrite(r.Qualifications, "mutated") | Overwrite(r.ColleagueIds, "mutated")),
        nameof(Questionnaire) => new RecordStoreCase<Questionnaire>(
            Questionnaires,
            id => Questionnaire(id),
            (r, change) => r with { Name = change, Sections = [.. r.Sections, new QuestionnaireSection("extra-" + r.Version, change, "workload", [new Question("extra-q-" + r.Version, change)])] },
            (r, version, by, at) => r with { Version = version, ModifiedBy = by, ModifiedAt = at },
            r => Overwrite(r.Sections[0].Questions, new Question("mutated", "mutated")) | Overwrite(r.Sections, r.Sections[^1])),
        nameof(Assignment) => new RecordStoreCase<Assignment>(
            Assignments,
            id => Assignment(id, assignees: ["participant-1", "participant-2"], delegations: [Delegation("d-1", "participant-1", "participant-3")]),
            (r, change) => r with { Status = AssignmentStatus.Reopened, Feedback = [.. r.Feedback, change] },
            (r, version, by, at) => r with { Version = version, ModifiedBy = by, ModifiedAt = at },
            r => Overwrite(r.AssigneeIds, "mutated") | Overwrite(r.Delegations, Delegation("mutated", "x", "y"))),
        nameof(Response) => new RecordStoreCase<Response>(
            Responses,
            id => Response(id, ("w1-name", "Billing"), ("w1-servers", "12")),
            (r, change) => r with { Answers = [.. r.Answers.Where(a => a.QuestionId != "d1-city"), new Answer("d1-city", change, "participant-2", T0.AddDays(2))] },
            (r, version, by, at) => r with { Version = version, ModifiedBy = by, ModifiedAt = at },
            r => Overwrite(r.Answers, new Answer("mutated", "mutated", "mutated", T0))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a record kind of the suite."),
    };

    /// <summary>Overwrites the first element of a list in place when the list allows it (arrays do, although they
    /// report <see cref="ICollection{T}.IsReadOnly"/>), as a careless caller could.</summary>
    private static bool Overwrite<T>(IReadOnlyList<T> list, T value) =>
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

/// <summary>
/// One record kind as the record-store tests see it, whatever its type: its store, a valid new record, the record with
/// other content, the record stamped with a version and modification metadata, and an in-place change of one of its
/// lists (which must not reach the store).
/// </summary>
internal abstract class RecordStoreCase
{
    /// <summary>The record type's name, as exceptions give it.</summary>
    public abstract string TypeName { get; }

    public abstract ValueTask<InsertOutcome<IVersionedRecord>> InsertAsync(IVersionedRecord record, CancellationToken cancellationToken = default);

    public abstract ValueTask<IVersionedRecord?> FindAsync(string id, CancellationToken cancellationToken = default);

    public abstract ValueTask<IVersionedRecord> UpdateAsync(IVersionedRecord record, CancellationToken cancellationToken = default);

    public abstract IAsyncEnumerable<IVersionedRecord> ListAsync(PageRequest page = default, CancellationToken cancellationToken = default);

    /// <summary>A valid new record (version 0) with the given id.</summary>
    public abstract IVersionedRecord NewRecord(string id);

    /// <summary>The record with different content (not only different metadata), marked with <paramref name="change"/>.</summary>
    public abstract IVersionedRecord Changed(IVersionedRecord record, string change);

    /// <summary>The record with the given version and modification metadata.</summary>
    public abstract IVersionedRecord Stamped(IVersionedRecord record, long version, string? modifiedBy, DateTimeOffset? modifiedAt);

    /// <summary>Overwrites, in place, an element of one of the record's lists; false when it has no writable list.</summary>
    public abstract bool MutateInPlace(IVersionedRecord record);

    /// <summary>The record's JSON, to compare content.</summary>
    public abstract string Json(IVersionedRecord record);

    /// <summary>Asserts that two records have the same JSON.</summary>
    public void AssertContent(IVersionedRecord expected, IVersionedRecord actual) => Assert.Equal(Json(expected), Json(actual));
}

/// <inheritdoc/>
internal sealed class RecordStoreCase<T>(
    IRecordStore<T> store,
    Func<string, T> newRecord,
    Func<T, string, T> changed,
    Func<T, long, string?, DateTimeOffset?, T> stamped,
    Func<T, bool> mutateInPlace) : RecordStoreCase
    where T : class, IVersionedRecord
{
    public override string TypeName => typeof(T).Name;

    public override async ValueTask<InsertOutcome<IVersionedRecord>> InsertAsync(IVersionedRecord record, CancellationToken cancellationToken = default)
    {
        var outcome = await store.InsertAsync((T)record, cancellationToken);
        return new InsertOutcome<IVersionedRecord>(outcome.Record, outcome.Inserted);
    }

    public override async ValueTask<IVersionedRecord?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        await store.FindAsync(id, cancellationToken);

    public override async ValueTask<IVersionedRecord> UpdateAsync(IVersionedRecord record, CancellationToken cancellationToken = default) =>
        await store.UpdateAsync((T)record, cancellationToken);

    public override IAsyncEnumerable<IVersionedRecord> ListAsync(PageRequest page = default, CancellationToken cancellationToken = default) =>
        store.ListAsync(page, cancellationToken);

    public override IVersionedRecord NewRecord(string id) => newRecord(id);

    public override IVersionedRecord Changed(IVersionedRecord record, string change) => changed((T)record, change);

    public override IVersionedRecord Stamped(IVersionedRecord record, long version, string? modifiedBy, DateTimeOffset? modifiedAt) =>
        stamped((T)record, version, modifiedBy, modifiedAt);

    public override bool MutateInPlace(IVersionedRecord record) => mutateInPlace((T)record);

    public override string Json(IVersionedRecord record) => SpecificationData.Json((T)record);
}

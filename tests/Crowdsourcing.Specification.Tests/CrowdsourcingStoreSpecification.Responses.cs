using Crowdsourcing.Assignments;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

/// <summary>The conformance tests of <see cref="IResponseStore"/>.</summary>
public abstract class ResponseStoreSpecification : RecordStoreSpecification<Response>
{
    /// <inheritdoc/>
    protected override IRecordStore<Response> RecordStore => Responses;

    /// <inheritdoc/>
    protected override Response NewRecord(string id) => Response(id, ("w1-name", "Billing"), ("w1-servers", "12"));

    /// <inheritdoc/>
    protected override Response Changed(Response record, string change) =>
        record with { Answers = [.. record.Answers.Where(a => a.QuestionId != "d1-city"), new Answer("d1-city", change, "participant-2", T0.AddDays(2))] };

    /// <inheritdoc/>
    protected override Response Stamped(Response record, long version, string? modifiedBy, DateTimeOffset? modifiedAt) =>
        record with { Version = version, ModifiedBy = modifiedBy, ModifiedAt = modifiedAt };

    /// <inheritdoc/>
    protected override bool MutateInPlace(Response record) =>
        Overwrite(record.Answers, new Answer("mutated", "mutated", "mutated", T0));

    [Fact]
    public async Task Saving_a_draft_twice_from_the_same_read_lets_only_the_first_save_land()
    {
        var stored = (await Responses.InsertAsync(Response("a-1"))).Record;
        var alice = stored with { Answers = [new Answer("w1-name", "Billing", "alice", T0)] };
        var bob = stored with { Answers = [new Answer("w1-name", "Payroll", "bob", T0)] };

        await Responses.UpdateAsync(alice);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await Responses.UpdateAsync(bob));

        Assert.Equal("Billing", (await Responses.FindAsync("a-1"))!.Find("w1-name")!.Value);
    }
}

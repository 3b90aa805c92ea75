using Crowdsourcing.Assignments;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The conformance tests of IResponseStore.
public abstract partial class CrowdsourcingStoreSpecification
{
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

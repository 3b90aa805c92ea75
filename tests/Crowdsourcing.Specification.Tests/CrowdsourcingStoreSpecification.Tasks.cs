using Crowdsourcing.Crowd;
using Crowdsourcing.Storage;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The conformance tests of ITaskStore.
public abstract partial class CrowdsourcingStoreSpecification
{
    [Fact]
    public async Task ListVisibleTo_yields_only_the_tasks_that_allow_the_layer_in_id_order()
    {
        await Tasks.InsertAsync(SpecificationData.NewTask("t-secret", confidentiality: Confidentiality.Secret, layers: [CrowdLayer.Internal]));
        await Tasks.InsertAsync(SpecificationData.NewTask("t-public"));
        await Tasks.InsertAsync(SpecificationData.NewTask("t-confidential", confidentiality: Confidentiality.Confidential, layers: [CrowdLayer.Internal, CrowdLayer.TrustedPartners]));
        await Tasks.InsertAsync(SpecificationData.NewTask("t-partners-only", confidentiality: Confidentiality.Confidential, layers: [CrowdLayer.TrustedPartners]));

        Assert.Equal(["t-confidential", "t-public", "t-secret"], (await ToListAsync(Tasks.ListVisibleToAsync(CrowdLayer.Internal, PageRequest.All))).Select(t => t.Id));
        Assert.Equal(["t-confidential", "t-partners-only", "t-public"], (await ToListAsync(Tasks.ListVisibleToAsync(CrowdLayer.TrustedPartners, PageRequest.All))).Select(t => t.Id));
        Assert.Equal(["t-public"], (await ToListAsync(Tasks.ListVisibleToAsync(CrowdLayer.General, PageRequest.All))).Select(t => t.Id));
    }

    [Fact]
    public async Task ListVisibleTo_pages_by_id_over_the_matching_tasks_only()
    {
        for (var i = 0; i < 12; i++)
        {
            await Tasks.InsertAsync(i % 2 == 0
                ? SpecificationData.NewTask($"t-{i:D2}")
                : SpecificationData.NewTask($"t-{i:D2}", confidentiality: Confidentiality.Secret, layers: [CrowdLayer.Internal]));
        }

        var first = await ToListAsync(Tasks.ListVisibleToAsync(CrowdLayer.General, PageRequest.First(4)));
        var second = await ToListAsync(Tasks.ListVisibleToAsync(CrowdLayer.General, new PageRequest(first[^1].Id, 4)));

        Assert.Equal(["t-00", "t-02", "t-04", "t-06"], first.Select(t => t.Id));
        Assert.Equal(["t-08", "t-10"], second.Select(t => t.Id));
    }

    [Fact]
    public async Task ListVisibleTo_with_a_cancelled_token_throws()
    {
        await Tasks.InsertAsync(SpecificationData.NewTask("t-1"));

        await AssertCancelledAsync(Tasks.ListVisibleToAsync(CrowdLayer.Internal, PageRequest.All, Cancelled));
    }
}

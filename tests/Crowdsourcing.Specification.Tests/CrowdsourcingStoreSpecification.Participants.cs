using Crowdsourcing.Crowd;
using Crowdsourcing.Storage;
using static Crowdsourcing.Specification.Tests.SpecificationData;

namespace Crowdsourcing.Specification.Tests;

#pragma warning disable CS1591 // The tests: their names say what they check.

// The conformance tests of IParticipantStore.
public abstract partial class CrowdsourcingStoreSpecification
{
    [Fact]
    public async Task ListByLayer_yields_the_layer_s_participants_in_id_order()
    {
        await Participants.InsertAsync(Participant("p-3", CrowdLayer.General));
        await Participants.InsertAsync(Participant("p-1", CrowdLayer.Internal));
        await Participants.InsertAsync(Participant("p-2", CrowdLayer.General));
        await Participants.InsertAsync(Participant("p-0", CrowdLayer.TrustedPartners));

        Assert.Equal(["p-2", "p-3"], (await ToListAsync(Participants.ListByLayerAsync(CrowdLayer.General, PageRequest.All))).Select(p => p.Id));
        Assert.Equal(["p-1"], (await ToListAsync(Participants.ListByLayerAsync(CrowdLayer.Internal, PageRequest.All))).Select(p => p.Id));
        Assert.Empty(await ToListAsync(Participants.ListByLayerAsync(CrowdLayer.Prequalified, PageRequest.All)));
        Assert.Equal(["p-3"], (await ToListAsync(Participants.ListByLayerAsync(CrowdLayer.General, new PageRequest("p-2", 5)))).Select(p => p.Id));
    }

    [Fact]
    public async Task ListByLayer_follows_an_update_that_moves_a_participant_to_another_layer()
    {
        var stored = (await Participants.InsertAsync(Participant("p-1", CrowdLayer.General))).Record;
        await Participants.UpdateAsync(stored with { Layer = CrowdLayer.Prequalified });

        Assert.Empty(await ToListAsync(Participants.ListByLayerAsync(CrowdLayer.General, PageRequest.All)));
        Assert.Single(await ToListAsync(Participants.ListByLayerAsync(CrowdLayer.Prequalified, PageRequest.All)));
    }

    [Fact]
    public async Task ListByQualification_yields_the_holders_in_id_order_comparing_ordinally()
    {
        await Participants.InsertAsync(Participant("p-2", qualifications: ["cloud", "network"]));
        await Participants.InsertAsync(Participant("p-1", qualifications: ["cloud"]));
        await Participants.InsertAsync(Participant("p-3", qualifications: ["Cloud"]));
        await Participants.InsertAsync(Participant("p-4"));

        Assert.Equal(["p-1", "p-2"], (await ToListAsync(Participants.ListByQualificationAsync("cloud", PageRequest.All))).Select(p => p.Id));
        Assert.Equal(["p-3"], (await ToListAsync(Participants.ListByQualificationAsync("Cloud", PageRequest.All))).Select(p => p.Id));
        Assert.Empty(await ToListAsync(Participants.ListByQualificationAsync("clo", PageRequest.All)));
        Assert.Equal(["p-1"], (await ToListAsync(Participants.ListByQualificationAsync("cloud", PageRequest.First(1)))).Select(p => p.Id));
    }

    [Fact]
    public async Task ListByLayer_and_ListByQualification_with_a_cancelled_token_throw()
    {
        await Participants.InsertAsync(Participant("p-1", qualifications: ["cloud"]));

        await AssertCancelledAsync(Participants.ListByLayerAsync(CrowdLayer.Internal, PageRequest.All, Cancelled));
        await AssertCancelledAsync(Participants.ListByQualificationAsync("cloud", PageRequest.All, Cancelled));
    }

    [Fact]
    public async Task The_inactive_marker_is_stored_read_back_and_cleared_and_an_inactive_participant_stays_listed()
    {
        var left = T0.AddDays(3).AddMilliseconds(123);
        var stored = (await Participants.InsertAsync(Participant("p-1", CrowdLayer.Internal, qualifications: ["cloud"]) with { InactiveSince = left })).Record;

        Assert.Equal(left, stored.InactiveSince);
        Assert.False(stored.IsActive);
        var found = await Participants.FindAsync("p-1");
        Assert.NotNull(found);
        Assert.Equal(left, found.InactiveSince);
        Assert.Equal(left.Offset, found.InactiveSince!.Value.Offset);

        // A retry of the insert with the same marker is a retry; with another marker it is a different record.
        Assert.False((await Participants.InsertAsync(Participant("p-1", CrowdLayer.Internal, qualifications: ["cloud"]) with { InactiveSince = left })).Inserted);
        await Assert.ThrowsAsync<DuplicateRecordException>(async () => await Participants.InsertAsync(Participant("p-1", CrowdLayer.Internal, qualifications: ["cloud"])));

        // The store keeps inactive participants in its listings: leaving them out of crowds is the runtime's rule.
        Assert.Equal(["p-1"], (await ToListAsync(Participants.ListByLayerAsync(CrowdLayer.Internal, PageRequest.All))).Select(p => p.Id));
        Assert.Equal(["p-1"], (await ToListAsync(Participants.ListByQualificationAsync("cloud", PageRequest.All))).Select(p => p.Id));

        var active = await Participants.UpdateAsync(found with { InactiveSince = null });
        Assert.True(active.IsActive);
        Assert.True((await Participants.FindAsync("p-1"))!.IsActive);

        var inactiveAgain = await Participants.UpdateAsync(active with { InactiveSince = left.AddDays(1) });
        Assert.Equal(left.AddDays(1), (await Participants.FindAsync("p-1"))!.InactiveSince);
        Assert.Equal(3, inactiveAgain.Version);
    }
}

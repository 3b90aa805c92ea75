using System.Net;
using Crowdsourcing.AspNetCore.Tests.Support;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>The plan report and learning a campaign's model through the web API.</summary>
public sealed class PlanApiTests
{
    private const string C = "/campaigns/" + ApiWorld.CampaignId;

    [Fact]
    public async Task Organisers_see_the_plan_beside_what_happened_with_the_crossing_week_and_its_interval()
    {
        var world = new ApiWorld();
        await world.InitializeAsync();
        try
        {
            var version = (long)(await ReadAsync(await world.Organiser.GetAsync(C + "/decision-settings")))["campaignVersion"]!;
            await ReadAsync(await PutAsync(world.Organiser, C + "/decision-settings", new { campaignVersion = version, settings = new { policy = "myopic", workshopWeek = 3 } }));
            await ReadAsync(await world.Organiser.PostAsync(C + "/cycles?force=true", null), HttpStatusCode.Created);

            var report = await ReadAsync(await world.Organiser.GetAsync(C + "/plan-report"));
            Assert.Equal("myopic", (string?)report["policy"]);
            Assert.Equal(3, (int)report["workshopWeek"]!);
            Assert.Equal(1, (int)report["week"]!);
            var weeks = report["weeks"]!.AsArray();
            Assert.Equal(Enumerable.Range(0, 8), weeks.Select(w => (int)w!["week"]!));
            Assert.NotNull(weeks[1]!["recordedTotal"]);
            Assert.NotNull(weeks[1]!["forecastTotal"]);
            Assert.Null(weeks[2]!["recordedTotal"]);
            Assert.NotNull(weeks[0]!["plannedTotal"]);
            var crossing = report["forecast"]!["crossing"]!;
            Assert.Equal(0.8, (double)crossing["intervalLevel"]!);
            Assert.NotNull(report["forecast"]!["probabilityByWorkshop"]);
            Assert.Equal(0, (long)report["forecast"]!["mergedClasses"]!);
            Assert.False((bool)report["forecast"]!["isApproximate"]!);

            var shorter = await ReadAsync(await world.Organiser.GetAsync(C + "/plan-report?weeks=2"));
            Assert.Equal(4, shorter["weeks"]!.AsArray().Count);
            var bad = await ProblemAsync(await world.Organiser.GetAsync(C + "/plan-report?weeks=0"), HttpStatusCode.BadRequest);
            Assert.Contains("from 1 to 520", Assert.Single(FieldErrors(bad, "weeks")), StringComparison.Ordinal);
            bad = await ProblemAsync(await world.Organiser.GetAsync(C + "/plan-report?weeks=many"), HttpStatusCode.BadRequest);
            Assert.Contains("'many'", Assert.Single(FieldErrors(bad, "weeks")), StringComparison.Ordinal);
            await ProblemAsync(await world.As("alice").GetAsync(C + "/plan-report"), HttpStatusCode.Forbidden);
        }
        finally
        {
            await world.DisposeAsync();
        }
    }

    [Fact]
    public async Task Organisers_see_the_learned_model_and_how_the_plan_would_change_and_adopt_it_with_the_version_they_read()
    {
        var world = new ApiWorld();
        await world.InitializeAsync();
        try
        {
            var before = await StoreSnapshot.TakeAsync(world.Host.Services);
            await ProblemAsync(await world.Organiser.GetAsync(C + "/learning"), HttpStatusCode.Conflict);
            await ReadAsync(await world.Organiser.PostAsync(C + "/cycles?force=true", null), HttpStatusCode.Created);

            var learning = await ReadAsync(await world.Organiser.GetAsync(C + "/learning"));
            var version = (long)learning["campaignVersion"]!;
            Assert.Equal(1, (int)learning["currentModelVersion"]!);
            Assert.Equal(10, (double)learning["priorStrength"]!);
            Assert.Equal(3, learning["transition"]!["learned"]!.AsArray().Count);
            var plans = learning["plans"]!;
            Assert.NotNull(plans["current"]!["expectedSpend"]);
            Assert.NotNull(plans["learned"]!["nextCycleContacts"]);
            Assert.NotNull(plans["learned"]!["crossing"]);
            Assert.Equal(0, (long)plans["learned"]!["mergedClasses"]!);

            // A stale version is refused and changes nothing; the organiser's adoption is stamped with who they are.
            var snapshot = await StoreSnapshot.TakeAsync(world.Host.Services);
            await ProblemAsync(await PostAsync(world.Organiser, C + "/learning/adopt", new { campaignVersion = version + 5 }), HttpStatusCode.Conflict);
            await ProblemAsync(await PostAsync(world.As("other-organiser"), C + "/learning/adopt", new { campaignVersion = version }), HttpStatusCode.Forbidden);
            await ProblemAsync(await PostAsync(world.Organiser, C + "/learning/adopt", new { campaignVersion = 0 }), HttpStatusCode.BadRequest);
            Assert.Equal(snapshot, await StoreSnapshot.TakeAsync(world.Host.Services));
            var adopted = await ReadAsync(await PostAsync(world.Organiser, C + "/learning/adopt", new { campaignVersion = version }));
            Assert.Equal(version + 1, (long)adopted["campaignVersion"]!);
            Assert.Equal(2, (int)adopted["modelVersion"]!);
            Assert.Equal("organiser", (string?)adopted["adoptedBy"]);
            Assert.Equal(2, (int)(await ReadAsync(await world.Organiser.GetAsync(C + "/learning")))["currentModelVersion"]!);
            Assert.NotEqual(before, snapshot);
        }
        finally
        {
            await world.DisposeAsync();
        }
    }
}

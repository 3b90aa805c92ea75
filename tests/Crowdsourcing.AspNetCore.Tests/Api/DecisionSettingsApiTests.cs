using System.Net;
using Crowdsourcing.AspNetCore.Tests.Support;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>A campaign's decision settings and its next cycle through the web API.</summary>
public sealed class DecisionSettingsApiTests
{
    private const string C = "/campaigns/" + ApiWorld.CampaignId;

    [Fact]
    public async Task Organisers_read_and_replace_the_decision_settings_and_a_stale_version_or_bad_settings_change_nothing()
    {
        var world = new ApiWorld();
        await world.InitializeAsync();
        try
        {
            var read = await ReadAsync(await world.Organiser.GetAsync(C + "/decision-settings"));
            var version = (long)read["campaignVersion"]!;
            Assert.Equal(1, (int)read["settings"]!["modelVersion"]!);
            Assert.Equal("count", (string?)read["settings"]!["budgetKind"]);
            Assert.Null(read["settings"]!["policy"]);

            var body = new
            {
                campaignVersion = version,
                settings = new { policy = "least-spend", workshopWeek = 11, threshold = 90.0, budget = 2, interventions = new[] { new { name = "email-campaign", effect = "escalation" } } },
            };
            var stored = await ReadAsync(await PutAsync(world.Organiser, C + "/decision-settings", body));
            Assert.Equal(version + 1, (long)stored["campaignVersion"]!);
            Assert.Equal("least-spend", (string?)stored["settings"]!["policy"]);
            Assert.Equal("escalation", (string?)stored["settings"]!["interventions"]![0]!["effect"]);
            var campaign = await ReadAsync(await world.Organiser.GetAsync(C));
            Assert.Equal(version + 1, (long)campaign["version"]!);
            Assert.Equal("organiser", (string?)campaign["modifiedBy"]);
            Assert.Equal(11, (int)campaign["decision"]!["workshopWeek"]!);

            // The version read before the change is stale now: 409 naming who changed it, and nothing is written.
            var before = await StoreSnapshot.TakeAsync(world.Host.Services);
            var stale = await ProblemAsync(await PutAsync(world.Organiser, C + "/decision-settings", body with { }), HttpStatusCode.Conflict);
            Assert.Equal(version, (long)stale["expectedVersion"]!);
            Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));

            // Every problem is listed with its path, in the user's words.
            var bad = await ProblemAsync(
                await PutAsync(world.Organiser, C + "/decision-settings", new { campaignVersion = version + 1, settings = new { policy = "greedy", budget = 2.5, interventions = new[] { new { name = "carrier-pigeon" } } } }),
                HttpStatusCode.BadRequest);
            Assert.Contains("greedy", Assert.Single(FieldErrors(bad, "decision.policy")), StringComparison.Ordinal);
            Assert.Contains("whole number", Assert.Single(FieldErrors(bad, "decision.budget")), StringComparison.Ordinal);
            Assert.Contains("carrier-pigeon", Assert.Single(FieldErrors(bad, "decision.interventions[0].name")), StringComparison.Ordinal);
            var unknown = await ProblemAsync(await world.Organiser.PutAsync(C + "/decision-settings", Json("""{"campaignVersion":2,"settings":{"budgetKind":"euros"}}""")), HttpStatusCode.BadRequest);
            Assert.Contains("euros", unknown.ToJsonString(), StringComparison.Ordinal);
            Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));

            // Only the campaign's organisers.
            await ProblemAsync(await world.As("alice").GetAsync(C + "/decision-settings"), HttpStatusCode.Forbidden);
            await ProblemAsync(await PutAsync(world.As("other-organiser"), C + "/decision-settings", body with { campaignVersion = version + 1 }), HttpStatusCode.Forbidden);
            Assert.Equal(before, await StoreSnapshot.TakeAsync(world.Host.Services));
        }
        finally
        {
            await world.DisposeAsync();
        }
    }

    [Fact]
    public async Task Simultaneous_requests_to_run_the_next_cycle_record_one_and_forcing_runs_the_next_with_the_settings_policy()
    {
        var world = new ApiWorld();
        await world.InitializeAsync();
        try
        {
            // Four at once: one cycle is recorded (201), the others get it back (200); nobody is contacted twice.
            var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => world.Organiser.PostAsync(C + "/cycles", null)));
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
            foreach (var response in responses)
            {
                Assert.Equal(1, (int)(await ReadAsync(response, response.StatusCode))["cycle"]!);
            }

            var history = await ReadAsync(await world.Organiser.GetAsync(C + "/cycles"));
            Assert.Single(history["cycles"]!.AsArray());

            // Asked again at once (the campaign is weeks behind its schedule): cycle 1 comes back, with the next due time.
            var again = await ReadAsync(await world.Organiser.PostAsync(C + "/cycles", null));
            Assert.True((bool)again["alreadyRecorded"]!);
            Assert.Equal(1, (int)again["cycle"]!);
            Assert.NotNull(again["nextDueAt"]);

            // With least spend set, a forced run decides with it, and the record names it and the model version.
            var version = (long)(await ReadAsync(await world.Organiser.GetAsync(C + "/decision-settings")))["campaignVersion"]!;
            await ReadAsync(await PutAsync(world.Organiser, C + "/decision-settings", new { campaignVersion = version, settings = new { policy = "least-spend", workshopWeek = 6 } }));
            var forced = await ReadAsync(await world.Organiser.PostAsync(C + "/cycles?force=true", null), HttpStatusCode.Created);
            Assert.Equal(2, (int)forced["cycle"]!);
            Assert.Equal("least-spend", (string?)forced["record"]!["policy"]);
            Assert.Equal(1, (int)forced["record"]!["modelVersion"]!);
            Assert.Equal(5, (int)forced["record"]!["weeksToWorkshop"]!);

            var bad = await ProblemAsync(await world.Organiser.PostAsync(C + "/cycles?force=yes", null), HttpStatusCode.BadRequest);
            Assert.Contains("true or false", Assert.Single(FieldErrors(bad, "force")), StringComparison.Ordinal);
        }
        finally
        {
            await world.DisposeAsync();
        }
    }
}

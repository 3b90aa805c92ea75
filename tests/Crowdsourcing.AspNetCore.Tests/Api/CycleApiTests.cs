using System.Net;
using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Presets;
using Crowdsourcing.AspNetCore.Tests.Support;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>Decision cycles, whom to contact next, the workshop recommendation and the V_ec heat map.</summary>
public sealed class CycleApiTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private HttpClient Client => world.Organiser;

    private static string Campaign => $"/campaigns/{ApiWorld.CampaignId}";

    [Fact]
    public async Task The_preview_of_whom_to_contact_next_is_what_the_next_cycle_then_does()
    {
        // A submission (reopened for too little workload detail, but showing readiness "good") makes alice's belief
        // certain for the next cycle; the others start from the model's prior.
        await world.AssignAsync("c-report");
        var submitted = await ReadAsync(await PostAsync(world.As("alice"), "/assignments/c-report/submission", new { responseVersion = 1, answers = ApiWorld.MandatoryAnswers() }));
        Assert.Equal("good", (string?)submitted["assessment"]!["readinessLevel"]);

        for (var round = 0; round < 2; round++)
        {
            var preview = await ReadAsync(await Client.GetAsync($"{Campaign}/contacts/next"));
            var history = await ReadAsync(await Client.GetAsync($"{Campaign}/cycles"));
            var expectedCycle = history["cycles"]!.AsArray().Count + 1;
            Assert.Equal(expectedCycle, (int)preview["nextCycle"]!);
            Assert.Equal("myopic", (string?)preview["policy"]);
            Assert.Equal(5, (int)preview["participants"]!);

            var created = await Client.PostAsync($"{Campaign}/cycles?force=true", null);
            var outcome = await ReadAsync(created, HttpStatusCode.Created);
            Assert.Equal($"{Campaign}/cycles/{expectedCycle}", created.Headers.Location?.OriginalString);
            Assert.Equal(expectedCycle, (int)outcome["cycle"]!);
            Assert.False((bool)outcome["alreadyRecorded"]!);

            var previewed = preview["contacts"]!.AsArray().Select(c => ((string)c!["participantId"]!, Math.Round((double)c["value"]!, 9))).ToList();
            var contacted = outcome["contacts"]!.AsArray().Select(c => ((string)c!["participantId"]!, Math.Round((double)c["value"]!, 9))).ToList();
            Assert.Equal(contacted, previewed);
            Assert.All(preview["contacts"]!.AsArray(), c => Assert.Contains("> cost 3", (string?)c!["reason"], StringComparison.Ordinal));
            if (round == 0)
            {
                Assert.Equal(1, (int)preview["reportsApplied"]!);
                Assert.Equal(1, (int)outcome["reportsApplied"]!);
            }
        }

        var cycles = await ReadAsync(await Client.GetAsync($"{Campaign}/cycles"));
        Assert.Equal(100, (double)cycles["threshold"]!);
        Assert.Equal([1, 2], cycles["cycles"]!.AsArray().Select(c => (int)c!["cycle"]!));

        var record = await ReadAsync(await Client.GetAsync($"{Campaign}/cycles/1"));
        Assert.Equal((double)cycles["cycles"]![0]!["totalExpectedUtility"]!, (double)record["totalExpectedUtility"]!);
        Assert.Equal((int)cycles["cycles"]![0]!["contacts"]!, record["contacts"]!.AsArray().Count);

        var missing = await ProblemAsync(await Client.GetAsync($"{Campaign}/cycles/99"), HttpStatusCode.NotFound);
        Assert.Equal($"{ApiWorld.CampaignId}/99", (string?)missing["recordId"]);
    }

    [Fact]
    public async Task The_workshop_recommendation_compares_the_total_with_the_threshold_and_ranks_the_invitees()
    {
        var workshop = await ReadAsync(await Client.GetAsync($"{Campaign}/workshop"));
        Assert.Equal(5, (int)workshop["participants"]!);
        Assert.Equal(100, (double)workshop["threshold"]!);
        Assert.Equal((double)workshop["totalExpectedUtility"]! >= 100, (bool)workshop["hold"]!);
        var ranks = workshop["invitees"]!.AsArray().Select(i => (int)i!["rank"]!).ToList();
        Assert.Equal(Enumerable.Range(1, ranks.Count), ranks);
    }

    [Fact]
    public async Task The_heat_map_gives_V_ec_over_the_simplex_as_the_engine_computes_it()
    {
        var map = await ReadAsync(await Client.GetAsync($"{Campaign}/heatmap?resolution=10"));
        Assert.Equal(["poor", "fair", "good"], map["states"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("email-campaign", (string?)map["intervention"]);
        Assert.Equal(3, (double)map["cost"]!);
        var cells = map["cells"]!.AsArray();
        Assert.Equal(100, cells.Count);

        var evaluator = new DecisionEvaluator(DecisionPresets.Get("crowdarb-paper").Model);
        foreach (var cell in cells)
        {
            var centroid = cell!["centroid"]!.AsArray().Select(p => (double)p!).ToArray();
            Assert.Equal(1, centroid.Sum(), 9);
            Assert.InRange(Math.Abs(evaluator.InterventionValue(Belief.Create(centroid)) - (double)cell["value"]!), 0, 1e-6);
            Assert.Equal(3, cell["vertices"]!.AsArray().Count);
        }

        Assert.Equal(cells.Min(c => (double)c!["value"]!), (double)map["minimum"]!);
        Assert.Equal(cells.Max(c => (double)c!["value"]!), (double)map["maximum"]!);
        Assert.Contains(cells, c => (double)c!["value"]! > 3);
        Assert.Contains(cells, c => (double)c!["value"]! < 3);
    }

    [Fact]
    public async Task A_heat_map_resolution_or_intervention_that_does_not_exist_is_a_400_naming_it()
    {
        Assert.Contains("between 1 and 60", Assert.Single(FieldErrors(await ProblemAsync(await Client.GetAsync($"{Campaign}/heatmap?resolution=0"), HttpStatusCode.BadRequest), "resolution")), StringComparison.Ordinal);
        Assert.Contains("email-campaign", Assert.Single(FieldErrors(await ProblemAsync(await Client.GetAsync($"{Campaign}/heatmap?intervention=carrier-pigeon"), HttpStatusCode.BadRequest), "intervention")), StringComparison.Ordinal);
        Assert.Single(FieldErrors(await ProblemAsync(await Client.GetAsync($"{Campaign}/heatmap?resolution=lots"), HttpStatusCode.BadRequest), "resolution"));
    }
}

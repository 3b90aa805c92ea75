using System.Net;
using Crowdsourcing.Crowd;
using Crowdsourcing.AspNetCore.Tests.Support;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>Campaigns, their setup records (tasks, questionnaires, participants) and the tasks a participant may see.</summary>
public sealed class CampaignApiTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private HttpClient Client => world.Organiser;

    [Fact]
    public async Task A_created_campaign_can_be_read_listed_and_its_crowd_resolved()
    {
        var campaign = await ReadAsync(await Client.GetAsync($"/campaigns/{ApiWorld.CampaignId}"));
        Assert.Equal("Client assessments", (string?)campaign["name"]);
        Assert.Equal(1, (int)campaign["version"]!);
        Assert.Equal("organiser", (string?)campaign["modifiedBy"]);
        Assert.Equal(["internal", "trusted-partners"], campaign["crowd"]!["layers"]!.AsArray().Select(l => (string)l!));

        var list = await ReadAsync(await Client.GetAsync("/campaigns"));
        Assert.Contains(list.AsArray(), c => (string?)c!["id"] == ApiWorld.CampaignId);

        var crowd = await ReadAsync(await Client.GetAsync($"/campaigns/{ApiWorld.CampaignId}/crowd"));
        Assert.Equal(["alice", "bob", "boss", "carol", "partner"], crowd.AsArray().Select(p => (string)p!["id"]!));
    }

    [Fact]
    public async Task Creating_a_campaign_answers_201_with_its_location_and_a_retry_gives_the_stored_one()
    {
        var body = Model(ApiWorld.Campaign("second-campaign"));
        var created = await Client.PostAsync("/campaigns", body);
        var campaign = await ReadAsync(created, HttpStatusCode.Created);
        Assert.Equal("/campaigns/second-campaign", created.Headers.Location?.OriginalString);
        Assert.Equal(1, (int)campaign["version"]!);

        var retried = await Client.PostAsync("/campaigns", Model(ApiWorld.Campaign("second-campaign")));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(campaign.ToJsonString(), (await ReadAsync(retried, HttpStatusCode.Created)).ToJsonString());
    }

    [Fact]
    public async Task The_creator_of_a_campaign_is_the_signed_in_organiser_whatever_the_body_or_query_says()
    {
        var json = Crowdsourcing.Serialization.CrowdsourcingJson.Serialize(ApiWorld.Campaign("claimed") with { ModifiedBy = "someone-else", OrganiserIds = ["organiser"] });
        var campaign = await ReadAsync(await world.As("other-organiser").PostAsync("/campaigns?createdBy=someone-else", Json(json)), HttpStatusCode.Created);
        Assert.Equal("other-organiser", (string?)campaign["modifiedBy"]);
        Assert.Contains("other-organiser", campaign["organiserIds"]!.AsArray().Select(o => (string?)o));
    }

    [Fact]
    public async Task A_campaign_with_an_unknown_crowd_layer_is_refused_with_the_json_path()
    {
        var json = Crowdsourcing.Serialization.CrowdsourcingJson.Serialize(ApiWorld.Campaign("bad-layer")).Replace("\"trusted-partners\"", "\"everyone\"", StringComparison.Ordinal);
        var problem = await ProblemAsync(await Client.PostAsync("/campaigns", Json(json)), HttpStatusCode.BadRequest);
        var message = Assert.Single(FieldErrors(problem, "$.crowd.layers[1]"));
        Assert.Contains("'everyone'", message, StringComparison.Ordinal);
        Assert.Contains("'trusted-partners'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_campaign_that_breaks_a_model_rule_is_refused_naming_the_field()
    {
        var json = Crowdsourcing.Serialization.CrowdsourcingJson.Serialize(ApiWorld.Campaign("negative-cycle")).Replace("\"cycleLength\": \"7.00:00:00\"", "\"cycleLength\": \"-7.00:00:00\"", StringComparison.Ordinal);
        Assert.Contains("-7.00:00:00", json, StringComparison.Ordinal);
        var problem = await ProblemAsync(await Client.PostAsync("/campaigns", Json(json)), HttpStatusCode.BadRequest);
        Assert.Contains("CycleLength", Assert.Single(FieldErrors(problem, "CycleLength")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_campaign_whose_questionnaire_does_not_exist_is_refused_with_every_problem()
    {
        var problem = await ProblemAsync(await Client.PostAsync("/campaigns", Model(ApiWorld.Campaign("orphan", questionnaireId: "no-such-questionnaire"))), HttpStatusCode.BadRequest);
        Assert.Contains(FieldErrors(problem, "campaign"), p => p.Contains("no-such-questionnaire", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_campaign_id_taken_by_other_content_is_a_409()
    {
        var other = ApiWorld.Campaign() with { Name = "Another name" };
        var problem = await ProblemAsync(await Client.PostAsync("/campaigns", Model(other)), HttpStatusCode.Conflict);
        Assert.Equal(ApiWorld.CampaignId, (string?)problem["recordId"]);
    }

    [Fact]
    public async Task Unknown_campaigns_are_404_on_every_campaign_route()
    {
        foreach (var path in new[] { "/campaigns/nope", "/campaigns/nope/crowd", "/campaigns/nope/cycles", "/campaigns/nope/workshop", "/campaigns/nope/contacts/next", "/campaigns/nope/heatmap", "/campaigns/nope/collaboration" })
        {
            var problem = await ProblemAsync(await Client.GetAsync(path), HttpStatusCode.NotFound);
            Assert.Equal("Campaign", (string?)problem["recordType"]);
            Assert.Equal("nope", (string?)problem["recordId"]);
        }

        await ProblemAsync(await Client.PostAsync("/campaigns/nope/cycles", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_page_limit_out_of_range_is_a_400_naming_limit()
    {
        var problem = await ProblemAsync(await Client.GetAsync("/campaigns?limit=0"), HttpStatusCode.BadRequest);
        Assert.Contains("between 1 and 1000", Assert.Single(FieldErrors(problem, "limit")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_records_are_stored_idempotently_and_read_back()
    {
        var admin = world.Admin;
        var participant = ApiWorld.Participant("dave", CrowdLayer.Prequalified);
        var first = await admin.PostAsync("/participants", Model(participant));
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("/participants/dave", first.Headers.Location?.OriginalString);
        var retry = await admin.PostAsync("/participants", Model(participant));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
        Assert.Equal("prequalified", (string?)(await ReadAsync(await admin.GetAsync("/participants/dave")))["layer"]);
        Assert.Equal("prequalified", (string?)(await ReadAsync(await world.As("dave").GetAsync("/participants/dave")))["layer"]);
        Assert.Equal(3, (await ReadAsync(await Client.GetAsync($"/questionnaires/{ApiWorld.QuestionnaireId}")))["sections"]!.AsArray().Count);
        await ProblemAsync(await admin.GetAsync("/participants/nobody"), HttpStatusCode.NotFound);
        await ProblemAsync(await Client.GetAsync("/questionnaires/none"), HttpStatusCode.NotFound);

        var missing = await ProblemAsync(await admin.PostAsync("/participants", Json("""{ "id": "eve", "layer": "internal" }""")), HttpStatusCode.BadRequest);
        Assert.Contains("displayName", (string?)missing["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tasks_are_listed_only_for_the_layers_they_allow_and_viewing_one_from_outside_is_a_403()
    {
        var alice = await ReadAsync(await world.As("alice").GetAsync("/tasks"));
        Assert.Equal([ApiWorld.TaskId], alice.AsArray().Select(t => (string)t!["id"]!));
        Assert.Empty((await ReadAsync(await world.As("outsider").GetAsync("/tasks"))).AsArray());

        var task = await ReadAsync(await world.As("partner").GetAsync($"/tasks/{ApiWorld.TaskId}"));
        Assert.Equal("confidential", (string?)task["confidentiality"]);

        var refused = await ProblemAsync(await world.As("outsider").GetAsync($"/tasks/{ApiWorld.TaskId}"), HttpStatusCode.Forbidden);
        Assert.Equal("outsider", (string?)refused["participantId"]);
        Assert.Equal("general", (string?)refused["layer"]);
        Assert.Equal(["internal", "trusted-partners"], refused["allowedLayers"]!.AsArray().Select(l => (string)l!));

        await ProblemAsync(await world.As("alice").GetAsync($"/tasks/no-task"), HttpStatusCode.NotFound);
    }
}

using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Json;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>Bad initiative specs fail with messages that name the field, its JSON path and, for syntax errors, the line.</summary>
public class SpecErrorTests
{
    private static InitiativeSpecException Fails(string json) => Assert.Throws<InitiativeSpecException>(() => InitiativeJson.Parse(json));

    [Theory]
    [InlineData("goal", "$.goal")]
    [InlineData("taskKind", "$.taskKind")]
    [InlineData("sensitivity", "$.sensitivity")]
    [InlineData("problemDistance", "$.problemDistance")]
    [InlineData("market", "$.market")]
    [InlineData("platform", "$.platform")]
    [InlineData("needs", "$.needs")]
    [InlineData("needs.volume", "$.needs.volume")]
    [InlineData("needs.insight", "$.needs.insight")]
    [InlineData("name", "$.name")]
    public void Missing_field_is_named(string field, string path)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Specs.BaselineJson)!.AsObject();
        if (field.StartsWith("needs.", StringComparison.Ordinal))
        {
            node["needs"]!.AsObject().Remove(field[6..]);
        }
        else
        {
            node.Remove(field);
        }

        var ex = Fails(node.ToJsonString());
        Assert.Equal($"Missing field {path}: it is required.", ex.Message);
        Assert.Equal([path], ex.Paths);
    }

    [Theory]
    [InlineData("goal=innovate", "Invalid field $.goal: 'innovate' is not one of innovation, knowledge-discovery, problem-solving, production-work, funding, feedback.")]
    [InlineData("taskKind=microtask", "Invalid field $.taskKind: 'microtask' is not one of contest, macro-task, micro-task, crowdfunding, self-organized.")]
    [InlineData("sensitivity=Secret", "Invalid field $.sensitivity: 'Secret' is not one of public, internal, confidential, secret.")]
    [InlineData("market=b2b+c", "Invalid field $.market: 'b2b+c' is not one of b2b, b2c, b2b-c.")]
    [InlineData("needs.volume=huge", "Invalid field $.needs.volume: 'huge' is not one of low, medium, high.")]
    [InlineData("cluster=meso/emergent", "Invalid field $.cluster.level: 'meso' is not one of macro, micro.")]
    [InlineData("cluster=macro/growing", "Invalid field $.cluster.stage: 'growing' is not one of embryonic, aspirational, emergent, mature, decline.")]
    public void Invalid_value_names_the_field_and_the_allowed_values(string modification, string message)
        => Assert.Equal(message, Fails(Specs.Json(modification)).Message);

    [Fact]
    public void Funding_goal_without_crowdfunding_is_a_contradiction()
    {
        var ex = Fails(Specs.Json("goal=funding"));
        Assert.Equal("Contradictory fields $.goal and $.taskKind: goal 'funding' is raised through crowdfunding, but taskKind is 'contest'.", ex.Message);
        Assert.Equal(["$.goal", "$.taskKind"], ex.Paths);
    }

    [Fact]
    public void Crowdfunding_without_funding_goal_is_a_contradiction()
        => Assert.StartsWith("Contradictory fields $.goal and $.taskKind: taskKind 'crowdfunding' collects funds, but goal is 'innovation'", Fails(Specs.Json("taskKind=crowdfunding")).Message, StringComparison.Ordinal);

    [Fact]
    public void Open_licence_on_secret_work_is_a_contradiction()
        => Assert.StartsWith("Contradictory fields $.ipPolicy and $.sensitivity: a Creative Commons licence lets anyone share the contributions, but sensitivity is 'secret'",
            Fails(Specs.Json("sensitivity=secret;ipPolicy=yes,yes,no")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("internal")]
    [InlineData("confidential")]
    [InlineData("secret")]
    public void A_crowdfunding_campaign_that_is_not_public_is_a_contradiction(string sensitivity)
    {
        var ex = Fails(Specs.Json($"goal=funding;taskKind=crowdfunding;sensitivity={sensitivity}"));
        Assert.StartsWith($"Contradictory fields $.taskKind and $.sensitivity: a crowdfunding campaign collects resources from the population at large through an Internet platform, so its pitch is public, but sensitivity is '{sensitivity}'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["$.taskKind", "$.sensitivity"], ex.Errors.Select(e => e.Path));
    }

    [Fact]
    public void A_licence_for_a_crowdfunding_campaigns_contributions_is_a_contradiction()
    {
        var ex = Fails(Specs.Json("goal=funding;taskKind=crowdfunding;ipPolicy=yes,yes,no"));
        Assert.Equal(["$.ipPolicy", "$.taskKind"], ex.Paths);
        Assert.Contains("contributions are funds, goods or time, not works to license", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Share_alike_without_derivatives_is_a_contradiction()
        => Assert.Equal("Contradictory fields $.ipPolicy.shareAlike and $.ipPolicy.derivatives: share-alike governs adaptations, but derivatives are not allowed.",
            Fails(Specs.Json("ipPolicy=yes,no,yes")).Message);

    [Fact]
    public void Milestone_after_the_timetable_is_a_contradiction()
    {
        var json = Specs.BaselineJson.Replace("\"platform\": \"either\"", "\"platform\": \"either\", \"timetable\": { \"durationWeeks\": 4, \"milestones\": [ { \"name\": \"A\", \"week\": 2 }, { \"name\": \"B\", \"week\": 6 } ] }", StringComparison.Ordinal);
        var ex = Fails(json);
        Assert.Equal("Contradictory fields $.timetable.milestones[1].week and $.timetable.durationWeeks: milestone 'B' is due in week 6, after the timetable's 4 weeks.", ex.Message);
    }

    [Fact]
    public void Milestone_without_week_is_named_with_its_index()
    {
        var json = Specs.BaselineJson.Replace("\"platform\": \"either\"", "\"platform\": \"either\", \"timetable\": { \"durationWeeks\": 4, \"milestones\": [ { \"name\": \"A\" } ] }", StringComparison.Ordinal);
        Assert.Equal("Missing field $.timetable.milestones[0].week: it is required.", Fails(json).Message);
    }

    [Fact]
    public void Negative_budget_and_missing_currency_are_named()
    {
        var negative = Specs.BaselineJson.Replace("\"platform\": \"either\"", "\"platform\": \"either\", \"budget\": { \"amount\": -5, \"currency\": \"EUR\" }", StringComparison.Ordinal);
        Assert.Equal("Invalid field $.budget.amount: -5 is negative; a budget is zero or more.", Fails(negative).Message);
        var noCurrency = Specs.BaselineJson.Replace("\"platform\": \"either\"", "\"platform\": \"either\", \"budget\": { \"amount\": 5 }", StringComparison.Ordinal);
        Assert.Equal("Missing field $.budget.currency: it is required.", Fails(noCurrency).Message);
    }

    [Fact]
    public void Unknown_property_is_reported_with_its_path()
    {
        var ex = Fails(Specs.BaselineJson.Replace("\"problemDistance\"", "\"problemDistanse\": \"core\", \"problemDistance\"", StringComparison.Ordinal));
        Assert.Contains("problemDistanse", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("Invalid initiative spec at $", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_type_is_reported_with_path_and_line()
    {
        var ex = Fails(Specs.BaselineJson.Replace("\"insight\": \"medium\"", "\"insight\": 3", StringComparison.Ordinal));
        Assert.StartsWith("Invalid initiative spec at $.needs.insight (line 7,", ex.Message, StringComparison.Ordinal);
        Assert.Equal(7, ex.LineNumber);
    }

    [Fact]
    public void Malformed_json_is_reported_with_line_and_position()
    {
        var ex = Fails("{\n  \"name\": \"x\",\n  \"goal\" \"innovation\"\n}");
        Assert.Equal(3, ex.LineNumber);
        Assert.Contains("(line 3, column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_document_is_rejected()
        => Assert.Equal("The initiative spec is null; expected an object.", Fails("null").Message);

    [Fact]
    public void Constructed_in_code_the_same_validation_applies()
    {
        var needs = new InitiativeNeeds(Magnitude.Low, Magnitude.Low, Magnitude.Low, Magnitude.Low);
        var ex = Assert.Throws<InitiativeSpecException>(() => new Initiative("x", InitiativeGoal.Funding, TaskKind.Contest, Confidentiality.Public, ProblemDistance.Core, needs, Market.B2B, PlatformPreference.Own));
        Assert.Equal(["$.goal", "$.taskKind"], ex.Paths);
        Assert.Throws<InitiativeSpecException>(() => new Initiative(" ", InitiativeGoal.Innovation, TaskKind.Contest, Confidentiality.Public, ProblemDistance.Core, needs, Market.B2B, PlatformPreference.Own));
        Assert.Throws<InitiativeSpecException>(() => new Initiative("x", (InitiativeGoal)42, TaskKind.Contest, Confidentiality.Public, ProblemDistance.Core, needs, Market.B2B, PlatformPreference.Own));
    }

    [Fact]
    public void Spec_round_trips_through_json()
    {
        foreach (var name in Specs.Files)
        {
            var initiative = Specs.FromFile(name);
            var again = InitiativeJson.Parse(InitiativeJson.Write(initiative));
            Assert.Equal(InitiativeJson.Write(initiative), InitiativeJson.Write(again));
            Assert.Equal(RoadmapJson.Write(new RoadmapPlanner().Plan(initiative)), RoadmapJson.Write(new RoadmapPlanner().Plan(again)));
        }
    }

    [Fact]
    public async Task Reads_from_a_stream_and_leaves_it_open()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Specs.BaselineJson));
        var initiative = await InitiativeJson.ReadAsync(stream);
        Assert.Equal("Baseline", initiative.Name);
        Assert.True(stream.CanRead);
    }
}

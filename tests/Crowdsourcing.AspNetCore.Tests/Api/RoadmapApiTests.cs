using System.Net;
using Crowdsourcing.AspNetCore.Tests.Support;
using static Crowdsourcing.AspNetCore.Tests.Support.Http;

namespace Crowdsourcing.AspNetCore.Tests.Api;

/// <summary>Roadmap plans: an initiative spec in, the six-stage plan out as JSON or Markdown.</summary>
public sealed class RoadmapApiTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    public const string Spec = """
        {
          "name": "Client discovery",
          "goal": "knowledge-discovery",
          "taskKind": "macro-task",
          "sensitivity": "confidential",
          "problemDistance": "core",
          "needs": { "insight": "high", "capability": "medium", "expertise": "high", "volume": "low" },
          "market": "b2b",
          "platform": "own"
        }
        """;

    private HttpClient Client => world.Organiser;

    [Fact]
    public async Task A_spec_is_planned_as_json_with_the_six_stages()
    {
        var response = await Client.PostAsync("/roadmap/plans", Json(Spec));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var plan = await ReadAsync(response);
        Assert.Equal(6, plan["stages"]!.AsArray().Count);
        Assert.All(plan["stages"]!.AsArray(), s => Assert.NotEmpty(s!["checklist"]!.AsArray()));
        Assert.Equal("internal", (string?)plan["crowd"]!["layers"]![0]!["layer"]);
    }

    [Fact]
    public async Task The_json_plan_carries_source_objects_the_derived_crowd_ties_and_flags()
    {
        var plan = await ReadAsync(await Client.PostAsync("/roadmap/plans", Json(Spec)));

        var crowd = plan["crowd"]!;
        Assert.Equal("inside", (string?)crowd["approach"]);
        Assert.Equal("internal", (string?)crowd["configuration"]);
        Assert.Equal(["internal"], crowd["used"]!.AsArray().Select(u => (string?)u));
        var sources = plan["stages"]!.AsArray().SelectMany(s => s!["recommendations"]!.AsArray()).SelectMany(r => r!["sources"]!.AsArray()).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.Contains((string?)s!["kind"], new[] { "paper", "heuristic" }));
        Assert.Contains(sources, s => (string?)s!["kind"] == "paper" && ((string?)s["quote"])!.Length >= 30 && s["document"] is not null && s["section"] is not null);
        Assert.NotNull(plan["ties"]!.AsArray());

        // A platform preference the plan cannot follow is flagged, naming the inputs.
        var flagged = await ReadAsync(await Client.PostAsync("/roadmap/plans", Json(Spec.Replace("\"platform\": \"own\"", "\"platform\": \"broker\"", StringComparison.Ordinal))));
        var flag = Assert.Single(flagged["flags"]!.AsArray(), f => (string?)f!["id"] == "flag.platform-broker.inside")!;
        Assert.Equal(["$.platform"], flag["paths"]!.AsArray().Select(p => (string?)p));
    }

    [Fact]
    public async Task A_tie_is_shown_with_how_it_was_settled_and_what_breaks_it_in_json_and_markdown()
    {
        // A public B2(B+C) crowdfunding campaign: via-broker and open score the same.
        const string campaign = """
            {
              "name": "Trailer launch", "goal": "funding", "taskKind": "crowdfunding", "sensitivity": "public", "problemDistance": "adjacent",
              "needs": { "insight": "medium", "capability": "low", "expertise": "low", "volume": "high" },
              "market": "b2b-c", "platform": "either", "budget": { "amount": 15000, "currency": "EUR" }
            }
            """;
        var plan = await ReadAsync(await Client.PostAsync("/roadmap/plans", Json(campaign)));
        var tie = Assert.Single(plan["ties"]!.AsArray())!;
        Assert.Equal("configuration", (string?)tie["choice"]);
        Assert.Equal(["via-broker", "open"], tie["options"]!.AsArray().Select(o => (string?)o));
        Assert.StartsWith("via-broker comes before open on a tie", (string?)tie["settledBy"], StringComparison.Ordinal);
        Assert.Contains(tie["breakers"]!.AsArray(), b => (string?)b!["field"] == "$.platform" && (string?)b["value"] == "own" && (string?)b["favours"] == "open");

        var markdown = await (await Client.PostAsync("/roadmap/plans?format=markdown", Json(campaign))).Content.ReadAsStringAsync();
        Assert.Contains("**Tie (configuration): via-broker = open at 60.**", markdown, StringComparison.Ordinal);
        Assert.Contains("$.platform own → open", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spec_whose_inputs_cannot_both_hold_is_a_400_naming_both_paths()
    {
        var spec = Spec.Replace("knowledge-discovery", "funding", StringComparison.Ordinal).Replace("macro-task", "crowdfunding", StringComparison.Ordinal);
        var problem = await ProblemAsync(await Client.PostAsync("/roadmap/plans", Json(spec)), HttpStatusCode.BadRequest);
        Assert.Single(FieldErrors(problem, "$.taskKind"));
        Assert.Single(FieldErrors(problem, "$.sensitivity"));
    }

    [Fact]
    public async Task A_spec_is_planned_as_markdown_by_query_or_accept_header()
    {
        var byQuery = await Client.PostAsync("/roadmap/plans?format=markdown", Json(Spec));
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal("text/markdown", byQuery.Content.Headers.ContentType?.MediaType);
        var markdown = await byQuery.Content.ReadAsStringAsync();
        Assert.StartsWith("# ", markdown, StringComparison.Ordinal);
        Assert.Contains("Client discovery", markdown, StringComparison.Ordinal);

        var byHeader = await Client.SendAsync(Accepting(HttpMethod.Post, "/roadmap/plans", Json(Spec), "text/markdown"));
        Assert.Equal(markdown, await byHeader.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_spec_missing_a_field_is_a_400_naming_its_json_path()
    {
        var problem = await ProblemAsync(await Client.PostAsync("/roadmap/plans", Json(Spec.Replace("\"volume\": \"low\" ", string.Empty, StringComparison.Ordinal).Replace(", }", " }", StringComparison.Ordinal))), HttpStatusCode.BadRequest);
        Assert.Contains("$.needs.volume", Assert.Single(FieldErrors(problem, "$.needs.volume")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contradictory_fields_and_unknown_formats_are_400s()
    {
        var contradiction = await ProblemAsync(await Client.PostAsync("/roadmap/plans", Json(Spec.Replace("knowledge-discovery", "funding", StringComparison.Ordinal))), HttpStatusCode.BadRequest);
        Assert.Single(FieldErrors(contradiction, "$.goal"));
        Assert.Single(FieldErrors(contradiction, "$.taskKind"));

        Assert.Single(FieldErrors(await ProblemAsync(await Client.PostAsync("/roadmap/plans?format=pdf", Json(Spec)), HttpStatusCode.BadRequest), "format"));
    }
}

using Crowdsourcing.Crowd;
using Crowdsourcing.Incentives;
using Crowdsourcing.Roadmap.Json;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Roadmap.Rendering;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>Approved snapshots of full plans for contrasting initiatives, as JSON and Markdown.</summary>
public class SnapshotTests
{
    public static TheoryData<string> SpecNames => new(Specs.Files);

    [Theory]
    [MemberData(nameof(SpecNames))]
    public void Plan_json_matches_the_approved_file(string name)
        => ApprovedFile.Verify(name, "json", RoadmapJson.Write(new RoadmapPlanner().Plan(Specs.FromFile(name))));

    [Theory]
    [MemberData(nameof(SpecNames))]
    public void Plan_markdown_matches_the_approved_file(string name)
        => ApprovedFile.Verify(name, "md", RoadmapMarkdown.Render(new RoadmapPlanner().Plan(Specs.FromFile(name))));

    [Fact]
    public void The_four_plans_contrast_in_configuration_and_top_layer()
    {
        var planner = new RoadmapPlanner();
        var plans = Specs.Files.Select(n => planner.Plan(Specs.FromFile(n))).ToList();
        Assert.Equal([CrowdConfiguration.Internal, CrowdConfiguration.ViaBroker, CrowdConfiguration.ViaBroker, CrowdConfiguration.Open], plans.Select(p => p.Crowd.Configuration));
        Assert.Equal([CrowdLayer.Internal, CrowdLayer.General, CrowdLayer.General, CrowdLayer.General], plans.Select(p => p.Crowd.TopLayer));
        Assert.Equal([SourcingApproach.Inside, SourcingApproach.Outside, SourcingApproach.Outside, SourcingApproach.Outside], plans.Select(p => p.Crowd.Approach));
        Assert.Equal([Motivation.Intrinsic, Motivation.InternalizedExtrinsic, Motivation.Extrinsic, Motivation.InternalizedExtrinsic], plans.Select(p => p.Motivation.Option));
    }

    [Fact]
    public async Task Json_written_to_a_stream_equals_the_string_form()
    {
        var plan = new RoadmapPlanner().Plan(Specs.FromFile("micro-task-production"));
        using var stream = new MemoryStream();
        await RoadmapJson.WriteAsync(plan, stream);
        Assert.Equal(RoadmapJson.Write(plan), System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}

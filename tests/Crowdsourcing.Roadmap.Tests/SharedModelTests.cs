using System.Text.Json;
using System.Text.Json.Nodes;
using Crowdsourcing.Crowd;
using Crowdsourcing.Incentives;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Json;
using Crowdsourcing.Roadmap.Planning;
using Crowdsourcing.Serialization;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>
/// The roadmap speaks the model's language: it uses the Abstractions' task kind, confidentiality, crowd layer,
/// configuration and motivation, spells them as issue 5 does, and defines no type under a model type's name.
/// </summary>
public class SharedModelTests
{
    [Fact]
    public void The_roadmap_spells_the_model_enums_as_the_issue_does()
    {
        Assert.Equal(["contest", "macro-task", "micro-task", "crowdfunding", "self-organized"], EnumNames.All<TaskKind>());
        Assert.Equal(["public", "internal", "confidential", "secret"], EnumNames.All<Confidentiality>());
        Assert.Equal(["internal", "trusted-partners", "prequalified", "general"], EnumNames.All<CrowdLayer>());
        Assert.Equal(["internal", "via-broker", "open"], EnumNames.All<CrowdConfiguration>());
        Assert.Equal(["intrinsic", "internalized-extrinsic", "extrinsic"], EnumNames.All<Motivation>());
    }

    [Fact]
    public void The_roadmap_spelling_of_each_model_enum_value_is_the_model_json_spelling()
    {
        AssertSameAsModelJson<TaskKind>();
        AssertSameAsModelJson<Confidentiality>();
        AssertSameAsModelJson<CrowdLayer>();
        AssertSameAsModelJson<CrowdConfiguration>();
        AssertSameAsModelJson<Motivation>();
    }

    [Theory]
    [InlineData("public", Confidentiality.Public)]
    [InlineData("internal", Confidentiality.Internal)]
    [InlineData("confidential", Confidentiality.Confidential)]
    [InlineData("secret", Confidentiality.Secret)]
    public void The_spec_sensitivity_is_the_task_confidentiality_and_keeps_its_json_name(string value, Confidentiality expected)
    {
        var initiative = Specs.Baseline($"sensitivity={value};taskKind=self-organized");

        Assert.Equal(expected, initiative.Sensitivity);
        Assert.Equal(TaskKind.SelfOrganized, initiative.TaskKind);
        var written = JsonNode.Parse(InitiativeJson.Write(initiative))!.AsObject();
        Assert.Equal(value, (string?)written["sensitivity"]);
        Assert.Equal("self-organized", (string?)written["taskKind"]);
        Assert.False(written.ContainsKey("confidentiality"));
    }

    [Fact]
    public void The_plan_uses_the_model_types()
    {
        var plan = new RoadmapPlanner().Plan(Specs.Baseline());

        Assert.IsType<CrowdRecommendation>(plan.Crowd);
        Assert.IsType<CrowdConfiguration>(plan.Crowd.Configuration);
        Assert.IsType<CrowdLayer>(plan.Crowd.TopLayer);
        Assert.IsType<Motivation>(plan.Motivation.Option);
        Assert.Equal(typeof(Confidentiality), typeof(Initiative).GetProperty(nameof(Initiative.Sensitivity))!.PropertyType);
        Assert.Equal(typeof(InitiativeTimetable), typeof(Initiative).GetProperty(nameof(Initiative.Timetable))!.PropertyType);
    }

    [Fact]
    public void No_public_roadmap_type_has_the_name_of_a_model_type()
    {
        var model = typeof(TaskKind).Assembly.GetExportedTypes().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var clashes = typeof(RoadmapPlanner).Assembly.GetExportedTypes().Select(t => t.Name).Where(model.Contains).Order(StringComparer.Ordinal).ToList();

        Assert.True(clashes.Count == 0, $"Roadmap types named like model types: {string.Join(", ", clashes)}.");
    }

    private static void AssertSameAsModelJson<TEnum>()
        where TEnum : struct, Enum
    {
        // The model's JSON writes these enums with its KebabCaseEnumConverter (see CrowdsourcingJsonContext).
        var modelJson = new JsonSerializerOptions { Converters = { new KebabCaseEnumConverter<TEnum>() } };
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var modelName = JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(value, modelJson));
            Assert.Equal(modelName, EnumNames.Of(value));
            Assert.True(EnumNames.TryParse<TEnum>(modelName, out var parsed), $"{typeof(TEnum).Name}: '{modelName}' does not parse.");
            Assert.Equal(value, parsed);
        }
    }
}

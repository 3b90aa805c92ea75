using Crowdsourcing.Decision.Json;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.Decision.Tests.Json;

public class DecisionModelJsonTests
{
    private const string Printed = """
        {
          "states": ["s1", "s2", "s3"],
          "actions": ["a1", "a2"],
          "utility": [[0, -15], [0, 10], [0, 40]],
          "transition": [[0.85, 0.1, 0.05], [0.05, 0.85, 0.1], [0.1, 0.05, 0.85]],
          "interventions": [
            { "name": "email", "transition": [[0.8, 0.05, 0.15], [0.05, 0.8, 0.15], [0.05, 0.15, 0.9]], "cost": 3, "responseRate": 0.2 }
          ]
        }
        """;

    [Fact]
    public void Preset_round_trips()
    {
        var preset = DecisionPresets.Get("crowdarb-paper");
        var json = DecisionModelJson.Serialize(preset);
        var document = DecisionModelJson.ParseDocument(json);
        Assert.Equal("crowdarb-paper", document.Name);
        Assert.Equal(preset.Model.States, document.Model.States);
        Assert.Equal(preset.Model.Actions, document.Model.Actions);
        Assert.Equal(preset.Model.Utility, document.Model.Utility);
        Assert.Equal(preset.Model.Transition, document.Model.Transition);
        Assert.Equal(preset.Model.Interventions[0].Transition, document.Model.Interventions[0].Transition);
        Assert.Equal(preset.Model.Interventions[0].Cost, document.Model.Interventions[0].Cost);
        Assert.Equal(preset.Model.Interventions[0].ResponseRate, document.Model.Interventions[0].ResponseRate);
        Assert.NotNull(document.Scenario);
        Assert.Equal(560, document.Scenario.Participants);
        Assert.Equal(preset.Scenario.InitialStateShares, document.Scenario.InitialStateShares);
        Assert.Equal(20, document.Scenario.Weeks);
        Assert.Equal(9000, document.Scenario.Threshold);
        Assert.Equal(json, DecisionModelJson.Serialize(document.Model, document.Scenario, document.Name));
        Assert.Contains("\"responseRate\": 0.2", json);
        Assert.Contains("\"initialStates\"", json);
    }

    [Fact]
    public void Unnormalised_row_fails_with_the_json_path()
    {
        var ex = Assert.Throws<DecisionModelException>(() => DecisionModelJson.Parse(Printed));
        Assert.Equal("$.interventions[0].transition[2]", ex.JsonPath);
        Assert.Equal("$.interventions[0].transition[2]: Table 'interventions[0].transition' row 's3' sums to 1.1; rows must sum to 1 within 1e-9", ex.Message);
    }

    [Fact]
    public void Normalize_in_the_file_accepts_the_printed_table()
    {
        var model = DecisionModelJson.Parse(Printed.Replace("\"states\"", "\"rowNormalization\": \"normalize\", \"states\""));
        Assert.Equal(0.9 / 1.1, model.Interventions[0].Transition[2, 2], 15);
    }

    [Fact]
    public void Malformed_number_gives_the_path_and_line()
    {
        var ex = Assert.Throws<DecisionModelException>(() => DecisionModelJson.Parse(Printed.Replace("[0, 10]", "[0, \"ten\"]")));
        Assert.Equal("$.utility[1][1]", ex.JsonPath);
        Assert.StartsWith("$.utility[1][1] (line 4, column ", ex.Message);
        Assert.EndsWith("): expected a number; found the string \"ten\"", ex.Message);
    }

    [Fact]
    public void Unknown_property_is_refused()
    {
        var ex = Assert.Throws<DecisionModelException>(() => DecisionModelJson.Parse(Printed.Replace("\"cost\": 3", "\"cost\": 3, \"price\": 4")));
        Assert.Contains("price", ex.Message);
        Assert.StartsWith("$.interventions[0]", ex.JsonPath);
    }

    [Fact]
    public void Missing_property_is_refused()
    {
        var ex = Assert.Throws<DecisionModelException>(() => DecisionModelJson.Parse("""{ "states": ["a"], "actions": ["x"], "utility": [[1]], "transition": [[1]] }"""));
        Assert.Contains("interventions", ex.Message);
    }

    [Fact]
    public void Ragged_row_is_refused_with_its_path()
    {
        var ex = Assert.Throws<DecisionModelException>(() => DecisionModelJson.Parse(Printed.Replace("[0, 10]", "[0]")));
        Assert.Equal("$.utility[1]", ex.JsonPath);
        Assert.Contains("the row has 1 entries; row 0 has 2", ex.Message);
    }

    [Fact]
    public void Bad_cell_and_field_errors_map_to_paths()
    {
        var ex = Assert.Throws<DecisionModelException>(() => DecisionModelJson.Parse(Printed.Replace("[0, 40]", "[0, -1e400]")));
        Assert.NotNull(ex.JsonPath);
        ex = Assert.Throws<DecisionModelException>(() => DecisionModelJson.Parse(Printed.Replace("\"responseRate\": 0.2", "\"responseRate\": 2")));
        Assert.Equal("$.interventions[0].responseRate", ex.JsonPath);
        ex = Assert.Throws<DecisionModelException>(() => DecisionModelJson.Parse(Printed.Replace("\"s2\", \"s3\"", "\"s2\", \"s2\"")));
        Assert.Equal("$.states[2]", ex.JsonPath);
    }

    [Fact]
    public void Scenario_with_unknown_state_is_refused()
    {
        var json = DecisionModelJson.Serialize(DecisionPresets.Get("crowdarb-paper")).Replace("\"poor\": 0.6", "\"bad\": 0.6");
        var ex = Assert.Throws<DecisionModelException>(() => DecisionModelJson.ParseDocument(json));
        Assert.Equal("$.scenario.initialStates.bad", ex.JsonPath);
    }

    [Fact]
    public void Not_json_is_refused()
    {
        var ex = Assert.Throws<DecisionModelException>(() => DecisionModelJson.Parse("{ nope"));
        Assert.StartsWith("$ (line 1, column 3): 'n' is an invalid start of a property name", ex.Message);
    }
}

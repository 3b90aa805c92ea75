using Crowdsourcing.Crowd;
using Crowdsourcing.Roadmap.Appraisal;
using Crowdsourcing.Roadmap.Initiatives;
using Crowdsourcing.Roadmap.Json;
using Crowdsourcing.Roadmap.Planning;

namespace Crowdsourcing.Roadmap.Tests;

/// <summary>"Should this step be crowdsourced at all?": expected utilities computed with the decision engine.</summary>
public class AppraisalTests
{
    private static readonly AppraisalWeights Weights = new(valueOfAcceptableResult: 250_000, leakageLoss: 400_000, weekWeight: 1_000, doNotCrowdsourceUtility: 60_000);

    [Fact]
    public void Expected_utility_is_value_times_quality_minus_cost_time_and_expected_leak()
    {
        var input = new AppraisalInput(Weights, [
            new ConfigurationEstimate(CrowdConfiguration.Internal, 0.55, 40_000, 14, 0.02),
            new ConfigurationEstimate(CrowdConfiguration.ViaBroker, 0.7, 70_000, 10, 0.1),
        ]);
        var appraisal = ConfigurationAppraiser.Appraise(input);

        // internal: 0.55·250000 − 40000 − 14·1000 − 0.02·400000 = 75500; via-broker: 175000 − 70000 − 10000 − 40000 = 55000
        Assert.Equal([CrowdConfiguration.Internal, CrowdConfiguration.ViaBroker], appraisal.Options.Select(o => o.Configuration));
        Assert.Equal(75_500, appraisal.Options[0].ExpectedUtility, 6);
        Assert.Equal(55_000, appraisal.Options[1].ExpectedUtility, 6);
        Assert.Equal(75_500, appraisal.Options[0].MaximumExpectedUtility, 6);
        Assert.Equal(60_000, appraisal.Options[1].MaximumExpectedUtility, 6);
        Assert.Equal(CrowdConfiguration.Internal, appraisal.Recommended);
        Assert.True(appraisal.Crowdsource);
        Assert.Equal("Crowdsource via 'internal': its expected utility 75500 is the highest and exceeds 60000 for not crowdsourcing.", appraisal.Reason);
    }

    [Fact]
    public void Value_of_perfect_information_is_what_knowing_the_outcome_first_is_worth()
    {
        // via-broker: crowdsourcing is worth 170000, −230000, −80000, −480000 in the outcomes acceptable/unacceptable × contained/leaked;
        // knowing the outcome, one crowdsources only when acceptable and contained: 0.63·170000 + 0.37·60000 = 129300; MEU = 60000.
        var appraisal = ConfigurationAppraiser.Appraise(new AppraisalInput(Weights, [new ConfigurationEstimate(CrowdConfiguration.ViaBroker, 0.7, 70_000, 10, 0.1)]));
        Assert.Equal(129_300 - 60_000, appraisal.Options[0].ValueOfPerfectInformation, 6);
    }

    [Fact]
    public void Not_crowdsourcing_wins_when_no_configuration_beats_it()
    {
        var plan = new RoadmapPlanner().Plan(Specs.FromFile("micro-task-production"));
        var appraisal = plan.Appraisal!;
        Assert.False(appraisal.Crowdsource);
        Assert.Null(appraisal.Recommended);
        Assert.Equal(13_250, appraisal.Options[0].ExpectedUtility, 6);
        Assert.StartsWith("Do not crowdsource this step: the best configuration, 'via-broker', has expected utility 13250, not above 20000", appraisal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_the_rules_exclude_is_never_recommended_whatever_its_number()
    {
        var plan = new RoadmapPlanner().Plan(Specs.FromFile("secret-core-b2b-contest"));
        var open = new AppraisalInput(Weights, [
            new ConfigurationEstimate(CrowdConfiguration.Open, 0.99, 0, 0, 0),
            new ConfigurationEstimate(CrowdConfiguration.Internal, 0.55, 40_000, 14, 0.02),
        ]);
        var appraisal = ConfigurationAppraiser.Appraise(open, plan);
        Assert.Equal(CrowdConfiguration.Internal, appraisal.Recommended);
        Assert.Equal((CrowdConfiguration.Open, true), (appraisal.Options[^1].Configuration, appraisal.Options[^1].ExcludedByRules));
        Assert.EndsWith("Excluded by the roadmap's rules whatever its number: 'open'.", appraisal.Reason, StringComparison.Ordinal);

        var onlyOpen = ConfigurationAppraiser.Appraise(new AppraisalInput(Weights, [new ConfigurationEstimate(CrowdConfiguration.Open, 0.99, 0, 0, 0)]), plan);
        Assert.False(onlyOpen.Crowdsource);
    }

    [Fact]
    public void Plan_from_spec_carries_the_appraisal()
    {
        var plan = new RoadmapPlanner().Plan(Specs.FromFile("secret-core-b2b-contest"));
        Assert.Equal(CrowdConfiguration.Internal, plan.Appraisal!.Recommended);
        Assert.Contains("\"appraisal\": {", RoadmapJson.Write(plan), StringComparison.Ordinal);
        Assert.Null(new RoadmapPlanner().Plan(Specs.Baseline()).Appraisal);
    }

    [Theory]
    [InlineData("""{ "valueOfAcceptableResult": 1, "leakageLoss": 1, "estimates": [ { "configuration": "open", "probabilityAcceptable": 1.5, "cost": 1, "timeWeeks": 1, "leakageRisk": 0 } ] }""",
        "Invalid field $.appraisal.estimates[0].probabilityAcceptable: 1.5 is not a probability in [0, 1].")]
    [InlineData("""{ "valueOfAcceptableResult": 1, "leakageLoss": 1, "estimates": [ { "configuration": "open", "probabilityAcceptable": 0.5, "cost": -1, "timeWeeks": 1, "leakageRisk": 0 } ] }""",
        "Invalid field $.appraisal.estimates[0].cost: -1 is negative.")]
    [InlineData("""{ "valueOfAcceptableResult": 1, "leakageLoss": 1, "estimates": [ { "configuration": "broker", "probabilityAcceptable": 0.5, "cost": 1, "timeWeeks": 1, "leakageRisk": 0 } ] }""",
        "Invalid field $.appraisal.estimates[0].configuration: 'broker' is not one of internal, via-broker, open.")]
    [InlineData("""{ "valueOfAcceptableResult": 1, "leakageLoss": 1, "estimates": [ { "configuration": "open", "probabilityAcceptable": 0.5, "cost": 1, "timeWeeks": 1 } ] }""",
        "Missing field $.appraisal.estimates[0].leakageRisk: it is required.")]
    [InlineData("""{ "valueOfAcceptableResult": 1, "leakageLoss": 1, "estimates": [] }""",
        "Missing field $.appraisal.estimates: it is required.")]
    [InlineData("""{ "leakageLoss": 1, "estimates": [] }""",
        "Missing field $.appraisal.valueOfAcceptableResult: it is required.")]
    [InlineData("""{ "valueOfAcceptableResult": 1, "leakageLoss": 1, "estimates": [ { "configuration": "open", "probabilityAcceptable": 0.5, "cost": 1, "timeWeeks": 1, "leakageRisk": 0 }, { "configuration": "open", "probabilityAcceptable": 0.5, "cost": 1, "timeWeeks": 1, "leakageRisk": 0 } ] }""",
        "Invalid field $.appraisal.estimates[1].configuration: 'open' is estimated twice.")]
    public void Bad_estimates_are_named(string appraisalJson, string message)
    {
        var json = Specs.BaselineJson.Replace("\"platform\": \"either\"", "\"platform\": \"either\", \"appraisal\": " + appraisalJson, StringComparison.Ordinal);
        Assert.Equal(message, Assert.Throws<InitiativeSpecException>(() => InitiativeJson.Parse(json)).Message);
    }
}

using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Json;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using Crowdsourcing.Decision.Presets;

namespace Crowdsourcing.Decision.Tests.Models;

public class StateDependentRatesTests
{
    private static DecisionPreset Multichannel => DecisionPresets.Get(DecisionPresets.CrowdArbMultichannel);

    [Fact]
    public void Multichannel_preset_has_three_interventions_with_per_state_rates()
    {
        var model = Multichannel.Model;
        Assert.Equal(["email", "phone-call", "manager-escalation"], model.Interventions.Select(k => k.Name));
        Assert.False(model.Interventions[0].IsResponseRateStateDependent);
        Assert.Equal([0.5, 0.6, 0.7], model.Interventions[1].StateResponseRates!);
        Assert.Equal(0.6, model.Interventions[1].ResponseRate, 12);
        Assert.Equal(0.7, model.Interventions[1].GetResponseRate(2));
        Assert.True(model.HasStateDependentResponseRates);
    }

    [Fact]
    public void Json_accepts_a_number_or_an_array_and_round_trips()
    {
        var json = DecisionModelJson.Serialize(Multichannel);
        Assert.Contains("\"responseRate\": 0.2", json);
        Assert.Contains("\"responseRate\": [", json);
        var document = DecisionModelJson.ParseDocument(json);
        Assert.Equal(Multichannel.Model.Interventions[2].StateResponseRates!, document.Model.Interventions[2].StateResponseRates!);
        Assert.Equal(DecisionModelJson.Serialize(document.Model, document.Scenario, document.Name), json);
        Assert.Equal(0.2, DecisionModelJson.Parse(DecisionModelJson.Serialize(Paper.Preset)).Interventions[0].ResponseRate);
    }

    [Theory]
    [InlineData("[0.5, 0.6]", "$.interventions[1].responseRate", "has 2 entries; give one rate per state")]
    [InlineData("[0.5, 0.6, 1.5]", "$.interventions[1].responseRate[2]", "is 1.5; a response rate must be in [0, 1]")]
    [InlineData("\"high\"", "$.interventions[1].responseRate", "must be a number or an array")]
    public void Json_errors_name_the_path(string replacement, string path, string fragment)
    {
        var json = DecisionModelJson.Serialize(Multichannel).Replace(
            "\"responseRate\": [\n        0.5,\n        0.6,\n        0.7\n      ]", "\"responseRate\": " + replacement, StringComparison.Ordinal);
        Assert.Contains(replacement, json);
        var error = Assert.Throws<DecisionModelException>(() => DecisionModelJson.Parse(json));
        Assert.Equal(path, error.JsonPath);
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void Silence_is_evidence_the_belief_is_the_bayes_posterior()
    {
        var c = DecisionMatrix.FromRows([0.8, 0.2, 0], [0, 0.9, 0.1], [0, 0, 1]);
        var model = new DecisionModel(["a", "b", "c"], ["no", "yes"], DecisionMatrix.FromRows([0, -1], [0, 1], [0, 2]), DecisionMatrix.Identity(3), [new Intervention("k", c, 1, [0.2, 0.5, 1.0])]);
        var evaluator = new DecisionEvaluator(model);
        var b = Belief.Create(0.5, 0.3, 0.2);
        Assert.Equal((0.5 * 0.2) + (0.3 * 0.5) + (0.2 * 1.0), evaluator.ResponseProbability(b), 12);
        var posterior = evaluator.BeliefAfterSilence(b);

        // Unnormalised: a: 0.5·0.8·0.8; b: 0.5·0.8·0.2 + 0.3·0.5·0.9; c: 0.3·0.5·0.1 (the sure responders in c vanish).
        double[] raw = [0.32, 0.08 + 0.135, 0.015];
        var sum = raw.Sum();
        for (var y = 0; y < 3; y++)
        {
            Assert.Equal(raw[y] / sum, posterior[y], 12);
        }

        using var engine = new PopulationEngine(model);
        var population = engine.CreatePopulation(1);
        population.SetBelief(0, b);
        engine.ApplyObservation(population, 0, 0, null);
        Assert.Equal(posterior.AsSpan().ToArray(), population.GetBelief(0).AsSpan().ToArray(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void Constant_rates_keep_b_times_c_after_silence()
    {
        var b = Belief.Create(0.2, 0.5, 0.3);
        var evaluator = Paper.Evaluator;
        Assert.Equal(b.Transform(Paper.Model.Interventions[0].Transition).AsSpan().ToArray(), evaluator.BeliefAfterSilence(b).AsSpan().ToArray());
    }

    [Fact]
    public void Response_aware_values_account_for_state_dependent_rates_in_both_apis()
    {
        var model = Multichannel.Model;
        var evaluator = new DecisionEvaluator(model);
        using var engine = new PopulationEngine(model);
        var random = new Random(3);
        var population = engine.CreatePopulation(37);
        for (var i = 0; i < 37; i++)
        {
            population.SetBelief(i, Policies.PlannedPolicyTests.RandomBelief(random, 3));
        }

        var evaluation = engine.CreateEvaluation(37);
        engine.Evaluate(population, evaluation, includeResponseAware: true);
        for (var i = 0; i < 37; i++)
        {
            var b = population.GetBelief(i);
            for (var k = 0; k < 3; k++)
            {
                var expected = evaluator.ResponseAwareValue(b, k);
                Assert.Equal(expected, evaluation.GetResponseAwareValues(k)[i], 9);

                // By definition: responders decide on e_x·C_k, the silent on the posterior.
                var silent = evaluator.BeliefAfterSilence(b, k);
                var pSilent = Enumerable.Range(0, 3).Sum(x => b[x] * (1 - model.Interventions[k].GetResponseRate(x)));
                var responded = Enumerable.Range(0, 3).Sum(x => b[x] * model.Interventions[k].GetResponseRate(x) * evaluator.MaximumExpectedUtility(Belief.Certain(3, x).Transform(model.Interventions[k].Transition)).ExpectedUtility);
                var byHand = responded + (pSilent * evaluator.MaximumExpectedUtility(silent).ExpectedUtility) - evaluator.MaximumExpectedUtilityWithoutIntervention(b).ExpectedUtility;
                Assert.Equal(byHand, expected, 9);
            }
        }
    }

    [Fact]
    public void Several_interventions_myopic_picks_the_best_net_value_or_none()
    {
        var model = Multichannel.Model;
        var evaluator = new DecisionEvaluator(model);
        using var engine = new PopulationEngine(model);
        var random = new Random(9);
        var population = engine.CreatePopulation(200);
        for (var i = 0; i < 200; i++)
        {
            population.SetBelief(i, Policies.PlannedPolicyTests.RandomBelief(random, 3));
        }

        var evaluation = engine.CreateEvaluation(200);
        engine.Evaluate(population, evaluation);
        engine.SelectContacts(population, evaluation, ContactPolicies.Myopic);
        var chosen = new HashSet<int>();
        for (var i = 0; i < 200; i++)
        {
            var b = population.GetBelief(i);
            var nets = Enumerable.Range(0, 3).Select(k => evaluator.InterventionValue(b, k) - model.Interventions[k].Cost).ToArray();
            var best = nets.Max();
            var expected = best > 0 ? Array.IndexOf(nets, best) : -1;
            Assert.Equal(expected, evaluation.Selection[i]);
            chosen.Add(expected);
        }

        Assert.True(chosen.Count >= 3, string.Join(",", chosen));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}

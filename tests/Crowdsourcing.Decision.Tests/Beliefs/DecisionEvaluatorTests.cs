using Crowdsourcing.Decision.Beliefs;

namespace Crowdsourcing.Decision.Tests.Beliefs;

public class DecisionEvaluatorTests
{
    private static readonly DecisionEvaluator Evaluator = Paper.Evaluator;

    [Fact]
    public void Value_of_the_email_campaign_at_the_papers_beliefs()
    {
        Assert.Equal(0.0, Evaluator.InterventionValue(Belief.Create(1, 0, 0)), 12);
        Assert.Equal(1.5, Evaluator.InterventionValue(Belief.Create(0, 1, 0)), 12);
        var good = Evaluator.InterventionValue(Belief.Create(0, 0, 1));
        Assert.Equal(0.78, good, 2);
        Assert.Equal((-15 * (0.05 / 1.1)) + (10 * (0.15 / 1.1)) + (40 * (0.9 / 1.1)) - ((-15 * (0.1 / 0.95)) + (10 * (0.05 / 0.95)) + (40 * (0.8 / 0.95))), good, 12);
        Assert.True(Evaluator.InterventionValue(Belief.Create(0.67, 0, 0.33)) > 6);
        Assert.True(Evaluator.InterventionValue(Belief.Create(0.66, 0, 0.34)) > 6);
    }

    [Fact]
    public void Contact_only_where_the_value_exceeds_the_cost()
    {
        Assert.False(Evaluator.Assess(Belief.Create(1, 0, 0)).Contact);
        Assert.False(Evaluator.Assess(Belief.Create(0, 1, 0)).Contact);
        Assert.False(Evaluator.Assess(Belief.Create(0, 0, 1)).Contact);
        Assert.True(Evaluator.Assess(Belief.Create(0.67, 0, 0.33)).Contact);
    }

    [Fact]
    public void Expected_utilities_and_meu()
    {
        var b = Belief.Create(0.2, 0.3, 0.5);
        Assert.Equal([0.0, (-15 * 0.2) + (10 * 0.3) + (40 * 0.5)], Evaluator.ExpectedUtilities(b));
        var meu = Evaluator.MaximumExpectedUtility(b);
        Assert.Equal("invite", meu.Action);
        Assert.Equal(20, meu.ExpectedUtility, 12);
        Assert.Equal(new ActionChoice(0, "leave-out", 0), Evaluator.MaximumExpectedUtility(Belief.Create(1, 0, 0)));
        Assert.Equal(40, Evaluator.MaximumExpectedUtility(Belief.Create(0, 0, 1)).ExpectedUtility);
    }

    [Fact]
    public void Meu_without_intervention_is_meu_of_the_prediction()
    {
        var b = Belief.Create(0.1, 0.6, 0.3);
        var predicted = Evaluator.Predict(b);
        Assert.Equal(Evaluator.MaximumExpectedUtility(predicted), Evaluator.MaximumExpectedUtilityWithoutIntervention(b));
        Assert.Equal(0.1 * 0.85 + 0.6 * 0.05 + 0.3 * (0.1 / 0.95), predicted[0], 12);
    }

    [Fact]
    public void Meu_with_intervention_reveals_the_state_then_applies_c()
    {
        var b = Belief.Create(0.5, 0.25, 0.25);
        var c = Paper.Model.Interventions[0].Transition;
        var expected = 0.0;
        for (var x = 0; x < 3; x++)
        {
            expected += b[x] * Evaluator.MaximumExpectedUtility(Belief.Certain(3, x).Transform(c)).ExpectedUtility;
        }

        Assert.Equal(expected, Evaluator.MaximumExpectedUtilityWithIntervention(b), 12);
    }

    [Fact]
    public void Response_aware_value_follows_its_formula()
    {
        var b = Belief.Create(0.67, 0, 0.33);
        var k = Paper.Model.Interventions[0];
        var expected = (0.2 * Evaluator.MaximumExpectedUtilityWithIntervention(b))
            + (0.8 * Evaluator.MaximumExpectedUtility(b.Transform(k.Transition)).ExpectedUtility)
            - Evaluator.MaximumExpectedUtilityWithoutIntervention(b).ExpectedUtility;
        Assert.Equal(expected, Evaluator.ResponseAwareValue(b), 12);
        Assert.Equal(expected, Evaluator.Assess(b).ResponseAwareValue, 12);
        Assert.True(Evaluator.ResponseAwareValue(b) < Evaluator.InterventionValue(b));
    }

    [Fact]
    public void Explanation_contributions_add_up_to_the_value()
    {
        var b = Belief.Create(0.67, 0, 0.33);
        var explanation = Evaluator.Explain(b);
        Assert.Equal(3, explanation.States.Count);
        Assert.Equal(explanation.Assessment.WithIntervention, explanation.States.Sum(s => s.WithInterventionContribution), 12);
        Assert.Equal(explanation.Assessment.WithoutIntervention.ExpectedUtility, explanation.States.Sum(s => s.WithoutInterventionContribution), 12);
        Assert.Equal(explanation.Assessment.Value, explanation.States.Sum(s => s.ValueContribution), 12);
        Assert.Equal("invite", explanation.States[2].RevealedBestAction);
        Assert.Equal("leave-out", explanation.States[0].RevealedBestAction);
        var text = explanation.ToString();
        Assert.Contains("good: b = 0.33", text);
        Assert.Contains("contact", text);
    }

    [Fact]
    public void Belief_validation_names_the_problem()
    {
        Assert.Contains("entry 1 is -0.1", Assert.Throws<ValidationFailedException>(() => Belief.Create(0.6, -0.1, 0.5)).Message);
        Assert.Contains("sum to 0.9", Assert.Throws<ValidationFailedException>(() => Belief.Create(0.6, 0.2, 0.1)).Message);
        Assert.Contains("has 2 entries; the model has 3 states", Assert.Throws<ArgumentException>(() => Evaluator.InterventionValue(Belief.Create(0.5, 0.5))).Message);
        Belief.Create(0.5, 0.5 + 5e-7);
    }
}

using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;
using FsCheck;
using FsCheck.Fluent;

namespace Crowdsourcing.Decision.Tests.Properties;

/// <summary>FsCheck properties of the engine, over random beliefs and random models.</summary>
public class DecisionProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    internal static Gen<double[]> Distribution(int size) =>
        Gen.ArrayOf(Gen.Choose(0, 1000), size).Select(weights =>
        {
            var sum = weights.Sum();
            if (sum == 0)
            {
                weights[0] = 1;
                sum = 1;
            }

            var p = weights.Select(w => w / (double)sum).ToArray();
            return p;
        });

    private static Gen<double[][]> Matrix(int size) => Gen.ArrayOf(Distribution(size), size);

    /// <summary>A random model with 3 states, 2 or 3 actions, integer utilities in [-50, 50] and random transitions.</summary>
    private static Gen<DecisionModel> Models(bool informationOnly) =>
        from actions in Gen.Choose(2, 3)
        from utility in Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(-50, 50).Select(v => (double)v), actions), 3)
        from t in Matrix(3)
        from c in Matrix(3)
        from cost in Gen.Choose(0, 10)
        from rate in Gen.Choose(0, 10)
        select new DecisionModel(
            ["x", "y", "z"],
            Enumerable.Range(0, actions).Select(a => "a" + a),
            DecisionMatrix.FromRows(utility),
            DecisionMatrix.FromRows(t),
            [new Intervention("k", DecisionMatrix.FromRows(informationOnly ? t : c), cost, rate / 10.0)]);

    [Fact]
    public void Beliefs_stay_on_the_simplex()
    {
        var gen =
            from model in Models(informationOnly: false)
            from beliefs in Gen.ArrayOf(Distribution(3), 13)
            from contacts in Gen.ArrayOf(Gen.Choose(-1, 0), 13)
            from reports in Gen.ArrayOf(Gen.Choose(-1, 2), 13)
            from passive in Gen.Elements(true, false)
            select (model, beliefs, contacts, reports, passive);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (model, beliefs, contacts, reports, passive) = input;
            using var engine = new PopulationEngine(model, new PopulationEngineOptions { NonResponderUpdate = passive ? NonResponderUpdate.PassiveDynamics : NonResponderUpdate.InterventionDynamics });
            var population = engine.CreatePopulation(beliefs.Length);
            population.Load(beliefs.SelectMany(b => b).ToArray());
            var observations = new CycleObservations(beliefs.Length);
            contacts.CopyTo(observations.Contacts);
            reports.CopyTo(observations.ReportedStates);
            for (var cycle = 0; cycle < 3; cycle++)
            {
                engine.ApplyObservations(population, observations);
            }

            for (var i = 0; i < population.Count; i++)
            {
                var b = population.GetBelief(i);
                if (b.AsSpan().ToArray().Any(p => p < 0 || !double.IsFinite(p)) || Math.Abs(b.AsSpan().ToArray().Sum() - 1) > 1e-9)
                {
                    return false;
                }
            }

            return true;
        }));
    }

    [Fact]
    public void Meu_is_convex_in_the_belief()
    {
        var gen =
            from model in Models(informationOnly: false)
            from b1 in Distribution(3)
            from b2 in Distribution(3)
            from l in Gen.Choose(0, 100)
            select (model, b1, b2, l / 100.0);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (model, b1, b2, lambda) = input;
            var evaluator = new DecisionEvaluator(model);
            var mix = b1.Zip(b2, (p, q) => (lambda * p) + ((1 - lambda) * q)).ToArray();
            var mixed = evaluator.MaximumExpectedUtility(Belief.Create(mix)).ExpectedUtility;
            var chord = (lambda * evaluator.MaximumExpectedUtility(Belief.Create(b1)).ExpectedUtility) + ((1 - lambda) * evaluator.MaximumExpectedUtility(Belief.Create(b2)).ExpectedUtility);
            return mixed <= chord + 1e-9;
        }));
    }

    [Fact]
    public void Value_of_information_alone_is_never_negative()
    {
        var gen =
            from model in Models(informationOnly: true)
            from b in Distribution(3)
            select (model, b);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (model, b) = input;
            var evaluator = new DecisionEvaluator(model);
            using var engine = new PopulationEngine(model);
            var population = engine.CreatePopulation(1);
            population.SetBelief(0, b);
            var evaluation = engine.CreateEvaluation(1);
            engine.Evaluate(population, evaluation);
            return evaluator.InterventionValue(Belief.Create(b)) >= -1e-9 && evaluation.GetValues(0)[0] >= -1e-9;
        }));
    }

    [Fact]
    public void Selection_is_invariant_to_the_order_of_participants()
    {
        var gen =
            from beliefs in Gen.ArrayOf(Distribution(3), 40)
            from order in Gen.Shuffle(Enumerable.Range(0, 40).ToArray())
            from policy in Gen.Elements(ContactPolicies.Myopic, ContactPolicies.ResponseAware)
            select (beliefs, order, policy);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (beliefs, order, policy) = input;
            using var engine = new PopulationEngine(Paper.Model);
            var a = engine.CreatePopulation(beliefs.Length);
            var b = engine.CreatePopulation(beliefs.Length);
            for (var i = 0; i < beliefs.Length; i++)
            {
                a.SetBelief(i, beliefs[i]);
                b.SetBelief(i, beliefs[order[i]]);
            }

            var ea = engine.CreateEvaluation(beliefs.Length);
            var eb = engine.CreateEvaluation(beliefs.Length);
            engine.Evaluate(a, ea, includeResponseAware: true);
            engine.Evaluate(b, eb, includeResponseAware: true);
            engine.SelectContacts(a, ea, policy);
            engine.SelectContacts(b, eb, policy);
            for (var i = 0; i < beliefs.Length; i++)
            {
                if (eb.Selection[i] != ea.Selection[order[i]])
                {
                    return false;
                }
            }

            return ea.ContactCount == eb.ContactCount;
        }));
    }
}

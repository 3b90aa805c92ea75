using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Population;

namespace Crowdsourcing.Decision.Tests.Population;

public class PopulationEngineTests
{
    private static BeliefPopulation RandomPopulation(int n, int seed)
    {
        var random = new Random(seed);
        var population = new BeliefPopulation(3, n);
        Span<double> b = stackalloc double[3];
        for (var i = 0; i < n; i++)
        {
            var a = random.NextDouble();
            var c = random.NextDouble();
            var d = random.NextDouble();
            var sum = a + c + d;
            b[0] = a / sum;
            b[1] = c / sum;
            b[2] = 1 - b[0] - b[1];
            if (i % 7 == 0)
            {
                b.Clear();
                b[i % 3] = 1;
            }

            population.SetBelief(i, b);
        }

        return population;
    }

    [Fact]
    public void Evaluate_matches_the_single_belief_api()
    {
        using var engine = new PopulationEngine(Paper.Model);
        var population = RandomPopulation(1003, 1);
        var evaluation = engine.CreateEvaluation(population.Count);
        engine.Evaluate(population, evaluation, includeResponseAware: true);
        for (var i = 0; i < population.Count; i++)
        {
            var belief = population.GetBelief(i);
            var assessment = Paper.Evaluator.Assess(belief);
            Assert.Equal(assessment.WithoutIntervention.ExpectedUtility, evaluation.MeuWithoutIntervention[i], 10);
            Assert.Equal(assessment.Value, evaluation.GetValues(0)[i], 10);
            Assert.Equal(assessment.ResponseAwareValue, evaluation.GetResponseAwareValues(0)[i], 10);
        }
    }

    [Fact]
    public void Myopic_selection_contacts_where_value_exceeds_cost()
    {
        using var engine = new PopulationEngine(Paper.Model);
        var population = RandomPopulation(500, 2);
        var evaluation = engine.CreateEvaluation(population.Count);
        engine.Evaluate(population, evaluation);
        var contacts = engine.SelectContacts(population, evaluation, ContactPolicies.Myopic);
        Assert.InRange(contacts, 1, 499);
        for (var i = 0; i < population.Count; i++)
        {
            Assert.Equal(Paper.Evaluator.Assess(population.GetBelief(i)).Contact ? 0 : -1, evaluation.Selection[i]);
        }

        Assert.Equal(0, engine.SelectContacts(population, evaluation, ContactPolicies.None));
        Assert.Throws<InvalidOperationException>(() => engine.SelectContacts(population, evaluation, ContactPolicies.ResponseAware));
    }

    [Fact]
    public void Apply_observations_follows_the_update_rules()
    {
        var model = Paper.Model;
        foreach (var rule in new[] { NonResponderUpdate.InterventionDynamics, NonResponderUpdate.PassiveDynamics })
        {
            using var engine = new PopulationEngine(model, new PopulationEngineOptions { NonResponderUpdate = rule });
            var population = RandomPopulation(37, 3);
            var before = Enumerable.Range(0, population.Count).Select(population.GetBelief).ToArray();
            var observations = new CycleObservations(population.Count);
            for (var i = 0; i < population.Count; i++)
            {
                switch (i % 4)
                {
                    case 1: observations.Record(i, 0, null); break;
                    case 2: observations.Record(i, 0, i % 3); break;
                    case 3: observations.Record(i, null, 1); break;
                }
            }

            engine.ApplyObservations(population, observations);
            for (var i = 0; i < population.Count; i++)
            {
                var expected = (i % 4) switch
                {
                    0 => before[i].Transform(model.Transition),
                    1 => before[i].Transform(rule == NonResponderUpdate.PassiveDynamics ? model.Transition : model.Interventions[0].Transition),
                    2 => Belief.Certain(3, i % 3),
                    _ => Belief.Certain(3, 1),
                };
                var actual = population.GetBelief(i);
                for (var x = 0; x < 3; x++)
                {
                    Assert.Equal(expected[x], actual[x], 12);
                }
            }
        }
    }

    [Fact]
    public void Apply_observation_for_one_participant_matches_the_bulk_update()
    {
        using var engine = new PopulationEngine(Paper.Model);
        var a = RandomPopulation(10, 4);
        var b = RandomPopulation(10, 4);
        var observations = new CycleObservations(10);
        observations.Record(3, 0, null);
        observations.Record(5, 0, 2);
        engine.ApplyObservations(a, observations);
        for (var i = 0; i < 10; i++)
        {
            engine.ApplyObservation(b, i, i == 3 || i == 5 ? 0 : null, i == 5 ? 2 : null);
            Assert.Equal(a.GetBelief(i), b.GetBelief(i));
        }
    }

    [Fact]
    public void Bad_observation_names_the_participant()
    {
        using var engine = new PopulationEngine(Paper.Model);
        var population = RandomPopulation(10, 5);
        var observations = new CycleObservations(10);
        observations.Record(6, 0, 7);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => engine.ApplyObservations(population, observations));
        Assert.Contains("Participant 6 reported state 7", ex.Message);
        observations.Record(6, 4, null);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => engine.ApplyObservations(population, observations));
        Assert.Contains("Participant 6 was contacted with intervention 4", ex.Message);
    }

    [Fact]
    public void Parallel_and_sequential_agree()
    {
        using var sequential = new PopulationEngine(Paper.Model, new PopulationEngineOptions { MaxDegreeOfParallelism = 1 });
        using var parallel = new PopulationEngine(Paper.Model, new PopulationEngineOptions { MaxDegreeOfParallelism = 4, MinimumParticipantsPerThread = 1000 });
        var a = RandomPopulation(10_007, 6);
        var b = RandomPopulation(10_007, 6);
        var ea = sequential.CreateEvaluation(a.Count);
        var eb = parallel.CreateEvaluation(b.Count);
        for (var cycle = 0; cycle < 3; cycle++)
        {
            sequential.Evaluate(a, ea);
            parallel.Evaluate(b, eb);
            Assert.True(ea.GetValues(0).SequenceEqual(eb.GetValues(0)));
            sequential.SelectContacts(a, ea, ContactPolicies.Myopic);
            parallel.SelectContacts(b, eb, ContactPolicies.Myopic);
            var oa = new CycleObservations(a.Count);
            oa.SetContacts(ea.Selection);
            var ob = new CycleObservations(b.Count);
            ob.SetContacts(eb.Selection);
            sequential.ApplyObservations(a, oa);
            parallel.ApplyObservations(b, ob);
        }

        var da = new double[a.Count * 3];
        var db = new double[b.Count * 3];
        a.CopyTo(da);
        b.CopyTo(db);
        Assert.Equal(da, db);
        Assert.Equal(sequential.TotalExpectedUtility(a), parallel.TotalExpectedUtility(b), 6);
    }

    [Fact]
    public void Total_expected_utility_and_workshop_decision()
    {
        using var engine = new PopulationEngine(Paper.Model);
        var population = new BeliefPopulation(3, 5);
        population.SetCertain(0, 0);
        population.SetCertain(1, 2);
        population.SetBelief(2, [0.2, 0.8, 0]);
        population.SetCertain(3, 1);
        population.SetBelief(4, [0.5, 0, 0.5]);
        var total = engine.TotalExpectedUtility(population);
        Assert.Equal(0 + 40 + 5 + 10 + 12.5, total, 12);
        var decision = engine.DecideWorkshop(population, 60, "invite");
        Assert.True(decision.Hold);
        Assert.Equal(67.5, decision.TotalExpectedUtility, 12);
        Assert.Equal([1, 4, 3, 2], decision.Invitations.Select(i => i.Participant));
        Assert.Equal(40, decision.Invitations[0].ExpectedUtility);
        Assert.False(engine.DecideWorkshop(population, 68, 1).Hold);
        Assert.Throws<ArgumentException>(() => engine.DecideWorkshop(population, 1, "host"));
    }

    [Fact]
    public void Load_and_copy_round_trip_and_validate()
    {
        var population = new BeliefPopulation(3, 2);
        population.Load([1, 0, 0, 0.2, 0.3, 0.5]);
        Assert.Equal(0.3, population.GetStateProbabilities(1)[1]);
        var copy = new double[6];
        population.CopyTo(copy);
        Assert.Equal([1, 0, 0, 0.2, 0.3, 0.5], copy);
        var ex = Assert.Throws<ValidationFailedException>(() => population.Load([1, 0, 0, 0.2, 0.3, 0.6]));
        Assert.StartsWith("Participant 1:", ex.Message);
        Assert.Throws<ArgumentException>(() => population.Load([1, 0, 0]));
    }

    [Fact]
    public void Predict_moves_every_belief()
    {
        using var engine = new PopulationEngine(Paper.Model);
        var population = RandomPopulation(20, 7);
        var before = population.GetBelief(11);
        engine.Predict(population);
        Assert.Equal(before.Transform(Paper.Model.Transition)[2], population.GetBelief(11)[2], 12);
        engine.Predict(population, 0);
        Assert.Equal(before.Transform(Paper.Model.Transition).Transform(Paper.Model.Interventions[0].Transition)[0], population.GetBelief(11)[0], 12);
    }
}

using Crowdsourcing.Decision.Models;
using Crowdsourcing.Decision.Policies;
using Crowdsourcing.Decision.Simulation;

namespace Crowdsourcing.Decision.Tests.Simulation;

public class SimulatorTests
{
    [Fact]
    public void Monte_carlo_mean_converges_on_the_expected_mode()
    {
        var expected = Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { Policy = ContactPolicies.Myopic });
        var few = Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo, Runs = 4, Seed = 11 });
        var many = Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo, Runs = 160, Seed = 11 });
        Assert.Equal(160, many.RunThresholdCrossedWeeks.Count);
        double fewError = 0, manyError = 0;
        for (var t = 0; t <= 20; t++)
        {
            var e = expected.Weeks[t].TotalExpectedUtility;
            var m = many.Weeks[t];
            var standardError = m.TotalExpectedUtilityStandardDeviation / Math.Sqrt(many.Runs);
            Assert.True(Math.Abs(m.TotalExpectedUtility - e) <= (4 * standardError) + 1e-9, $"week {t}: {m.TotalExpectedUtility} vs {e} (se {standardError})");
            Assert.True(Math.Abs(m.Contacts - expected.Weeks[t].Contacts) <= 0.05 * 560, $"contacts week {t}");
            fewError += Math.Abs(few.Weeks[t].TotalExpectedUtility - e);
            manyError += Math.Abs(m.TotalExpectedUtility - e);
        }

        Assert.True(manyError < fewError, $"{manyError} !< {fewError}");
        Assert.True(many.Weeks[10].TotalExpectedUtilityStandardDeviation > 0);
    }

    [Fact]
    public void Monte_carlo_is_deterministic_for_a_seed_whatever_the_threads()
    {
        var scenario = Paper.Scenario.With(participants: 20_000, weeks: 6);
        var one = Simulator.Run(Paper.Model, scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo, Seed = 5, MaxDegreeOfParallelism = 1 });
        var two = Simulator.Run(Paper.Model, scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo, Seed = 5, MaxDegreeOfParallelism = 2 });
        var other = Simulator.Run(Paper.Model, scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo, Seed = 6, MaxDegreeOfParallelism = 2 });
        Assert.Equal(one.Weeks.Select(w => w.Contacts), two.Weeks.Select(w => w.Contacts));
        Assert.Equal(one.Weeks.Select(w => w.Responses), two.Weeks.Select(w => w.Responses));
        for (var t = 0; t < one.Weeks.Count; t++)
        {
            Assert.Equal(one.Weeks[t].TotalExpectedUtility, two.Weeks[t].TotalExpectedUtility, 6);
        }

        Assert.NotEqual(one.Weeks.Select(w => w.Responses), other.Weeks.Select(w => w.Responses));
    }

    [Fact]
    public void Expected_mode_classes_merge()
    {
        var result = Simulator.Run(Paper.Model, Paper.Scenario.With(weeks: 40), new SimulationOptions());
        Assert.Equal(41, result.Weeks.Count);
        Assert.Equal(560, result.Participants);
        Assert.Equal(SimulationMode.Expected, result.Mode);
    }

    [Fact]
    public void Scenario_must_match_the_model()
    {
        var scenario = new SimulationScenario(10, [0.5, 0.5], 3, 10);
        Assert.Contains("2 initial shares; the model has 3 states", Assert.Throws<ValidationFailedException>(() => Simulator.Run(Paper.Model, scenario)).Message);
        Assert.Throws<ValidationFailedException>(() => Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { Runs = 0 }));
        Assert.Equal("scenario.participants", Assert.Throws<DecisionModelException>(() => new SimulationScenario(0, [1.0], 1, 1)).Table);
        Assert.Equal("scenario.initialStates", Assert.Throws<DecisionModelException>(() => new SimulationScenario(1, [0.5, 0.6], 1, 1)).Table);
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Simulator.Run(Paper.Model, Paper.Scenario, new SimulationOptions { Mode = SimulationMode.MonteCarlo }, cancellationToken: cts.Token));
    }
}

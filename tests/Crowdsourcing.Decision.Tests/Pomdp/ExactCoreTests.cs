using Crowdsourcing.Decision.Pomdp;
using Crowdsourcing.Decision.Presets;
using FsCheck;
using FsCheck.Fluent;

namespace Crowdsourcing.Decision.Tests.Pomdp;

/// <summary>
/// The exact method of the general core against the Bellman recursion over beliefs (no alpha vectors, no pruning), on
/// random models whose observations take every path of the solver: impossible, state-revealing (a CrowdArb answer),
/// uninformative after a reset (all rows of T·O equal) and noisy.
/// </summary>
public class ExactCoreTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(150);

    private static readonly string[] States = ["x", "y", "z"];

    private static readonly string[] Observations = ["none", "x", "y", "z"];

    private static Gen<double[]> Distribution(int size) => Properties.DecisionProperties.Distribution(size);

    /// <summary>One action: its transition (a reset to one distribution, or a random matrix), its observation kind, and its reward.</summary>
    private static Gen<(double[][] T, double[][] O, double[] R)> Action() =>
        from reset in Gen.Elements(true, false)
        from rows in Gen.ArrayOf(Distribution(3), 3)
        from kind in Gen.Choose(0, 3)
        from rate in Gen.Choose(1, 10)
        from noisy in Gen.ArrayOf(Distribution(4), 3)
        from reward in Gen.ArrayOf(Gen.Choose(-10, 10).Select(v => (double)v), 3)
        let t = reset ? [rows[0], rows[0], rows[0]] : rows
        let o = kind switch
        {
            // Blind: nothing is observed, the other observations are impossible.
            0 => States.Select(_ => new double[] { 1, 0, 0, 0 }).ToArray(),

            // An answer with probability r reveals the state reached; otherwise "none".
            1 => States.Select((_, y) => Enumerable.Range(0, 4).Select(z => z == 0 ? 1 - (rate / 10.0) : z == y + 1 ? rate / 10.0 : 0).ToArray()).ToArray(),

            // The same report distribution whatever the state: uninformative (one vector per observation after a reset).
            2 => [noisy[0], noisy[0], noisy[0]],
            _ => noisy,
        }
        select (t, o, reward);

    private static Gen<PomdpModel> Models() =>
        from actions in Gen.ArrayOf(Action(), 2).SelectMany(two => Gen.Choose(0, 1).Select(extra => extra == 0 ? two : [.. two, two[0]]))
        from discount in Gen.Elements(1.0, 0.9)
        from terminal in Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(-20, 20).Select(v => (double)v), 3), 2)
        select new PomdpModel(
            States,
            [.. actions.Select((_, a) => "a" + a)],
            Observations,
            [.. actions.Select(a => (IReadOnlyList<IReadOnlyList<double>>)[.. a.T])],
            [.. actions.Select(a => (IReadOnlyList<IReadOnlyList<double>>)[.. a.O])],
            [.. actions.Select(a => (IReadOnlyList<double>)a.R)],
            discount,
            null,
            [.. terminal]);

    [Fact]
    public void Exact_values_equal_the_Bellman_recursion_over_beliefs()
    {
        var gen =
            from model in Models()
            from beliefs in Gen.ArrayOf(Distribution(3), 3)
            select (model, beliefs);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (model, beliefs) = input;
            const int horizon = 3;
            var solution = PomdpModelSolver.Solve(model, horizon, new PomdpModelSolverOptions { Method = PomdpSolverMethod.Exact });
            foreach (var b in beliefs)
            {
                for (var h = 0; h <= horizon; h++)
                {
                    var expected = Recursion(model, b, h);
                    Assert.True(Math.Abs(expected - solution.Evaluate(b, h)) <= 1e-8, $"h = {h}: recursion {expected:R}, core {solution.Evaluate(b, h):R}");
                }
            }
        }));
    }

    [Theory]
    [MemberData(nameof(CrowdArbAsPomdpTests.PresetNames), MemberType = typeof(CrowdArbAsPomdpTests))]
    public void The_core_and_the_CrowdArb_planner_agree_to_1e_9_over_twenty_cycles(string presetName)
    {
        var model = DecisionPresets.Get(presetName).Model;
        var planner = PomdpSolver.Solve(model, 20, new PomdpSolverOptions { Method = PomdpSolverMethod.Exact });
        var general = PomdpModelSolver.Solve(PomdpModel.FromDecisionModel(model), 20, new PomdpModelSolverOptions { Method = PomdpSolverMethod.Exact });
        var random = new Random(11);
        for (var trial = 0; trial < 50; trial++)
        {
            var b = Policies.PlannedPolicyTests.RandomBelief(random, model.StateCount);
            var lifted = new double[general.Model.StateCount];
            b.CopyTo(lifted, 0);
            for (var h = 0; h <= 20; h++)
            {
                var difference = Math.Abs(planner.Value(b, h) - general.Evaluate(lifted, h));
                Assert.True(difference <= 1e-9, $"h = {h}: planner {planner.Value(b, h):R}, core {general.Evaluate(lifted, h):R}");
            }
        }
    }

    /// <summary>V_h(b) = max_a [ b·R_a + γ·Σ_o P(o | b, a)·V_{h−1}(τ(b, a, o)) ], V_0(b) = the best terminal vector at b.</summary>
    private static double Recursion(PomdpModel model, double[] b, int h)
    {
        if (h == 0)
        {
            return model.TerminalValues.Max(t => t.Select((v, x) => v * b[x]).Sum());
        }

        var best = double.NegativeInfinity;
        var next = new double[model.StateCount];
        for (var a = 0; a < model.ActionCount; a++)
        {
            var q = Enumerable.Range(0, model.StateCount).Sum(x => b[x] * model.Reward(a, x));
            for (var z = 0; z < model.ObservationCount; z++)
            {
                var p = model.UpdateBelief(b, a, z, next);
                if (p > 0)
                {
                    q += model.Discount * p * Recursion(model, [.. next], h - 1);
                }
            }

            best = Math.Max(best, q);
        }

        return best;
    }
}

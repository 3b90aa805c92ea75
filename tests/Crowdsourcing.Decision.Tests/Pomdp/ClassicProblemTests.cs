using Crowdsourcing.Decision.Pomdp;

namespace Crowdsourcing.Decision.Tests.Pomdp;

/// <summary>
/// The general POMDP core on classic problems whose solutions are published. The reference numbers are pomdp-solve's
/// (Cassandra 2015, v5.3) as printed in the documentation of the R package pomdp (Hahsler and Cassandra, "solve_POMDP"
/// and "regret" examples, https://mhahsler.github.io/pomdp/reference/solve_POMDP.html), on the tiger problem of
/// Cassandra, Kaelbling and Littman (1994).
/// </summary>
public class ClassicProblemTests
{
    internal static PomdpModel Tiger(double discount = 0.95) =>
        PomdpFile.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Pomdp", "Problems", "tiger.pomdp")), "tiger.pomdp").With(discount: discount);

    private static readonly PomdpModelSolverOptions Exact = new() { Method = PomdpSolverMethod.Exact };

    [Fact]
    public void Tiger_undiscounted_horizon_3_matches_pomdp_solve_value_and_vectors()
    {
        // pomdp-solve -method incprune -horizon 3 -discount 1: total expected reward 2.72 at the uniform belief, and
        // the three epochs' vectors listed below (epoch 1 = 3 steps to go).
        var solution = PomdpModelSolver.Solve(Tiger(1), 3, Exact);

        Assert.Equal(2.72, solution.Value, 9);
        AssertVectors([(-100, 10), (-1, -1), (10, -100)], solution.Levels[1]);
        AssertVectors([(-101, 9), (-16.85, 7.35), (-2, -2), (7.35, -16.85), (9, -101)], solution.Levels[2]);
        AssertVectors([(-102, 8), (-30.4725, 7.7525), (-5.2275, 4.9475), (2.72, 2.72), (4.9475, -5.2275), (7.7525, -30.4725), (8, -102)], solution.Levels[3]);
        Assert.Equal("open-right", solution.Model.Actions[solution.BestAction([1.0, 0.0], 1)]);
        Assert.Equal("listen", solution.Model.Actions[solution.BestAction([0.5, 0.5], 3)]);
        // The exact method's bounds are the value ± the pruning error bound (tolerance 1e-9 of the vectors' scale).
        Assert.InRange(solution.Gap, 0, 1e-5);
    }

    [Fact]
    public void Tiger_with_terminal_values_matches_pomdp_solve()
    {
        // pomdp-solve -horizon 3 -discount 1 -terminal_values (0, 1000): 674.86, four vectors at epoch 1.
        var tiger = Tiger(1);
        var model = new PomdpModel(
            tiger.States,
            tiger.Actions,
            tiger.Observations,
            [.. Enumerable.Range(0, 3).Select(a => (IReadOnlyList<IReadOnlyList<double>>)[.. Enumerable.Range(0, 2).Select(x => (IReadOnlyList<double>)[.. Enumerable.Range(0, 2).Select(y => tiger.Transition(a, x, y))])])],
            [.. Enumerable.Range(0, 3).Select(a => (IReadOnlyList<IReadOnlyList<double>>)[.. Enumerable.Range(0, 2).Select(y => (IReadOnlyList<double>)[.. Enumerable.Range(0, 2).Select(z => tiger.Observation(a, y, z))])])],
            [.. Enumerable.Range(0, 3).Select(a => (IReadOnlyList<double>)[tiger.Reward(a, 0), tiger.Reward(a, 1)])],
            1,
            null,
            [[0, 1000]]);

        var solution = PomdpModelSolver.Solve(model, 3, Exact);

        Assert.Equal(674.86, solution.Value, 9);
        AssertVectors([(-3, 997), (366.1975, 983.5225), (496.5025, 830.7775), (680.25, 570.25)], solution.Levels[3]);
        AssertVectors([(-2, 998), (432.35, 908.15), (509, 399)], solution.Levels[2]);
        AssertVectors([(-1, 999), (510, 400)], solution.Levels[1]);
        Assert.Equal("open-right", model.Actions[solution.BestAction([0.9, 0.1], 3)]);
    }

    [Fact]
    public void Tiger_discount_075_horizon_10_matches_pomdp_solve()
    {
        // pomdp-solve -method enum -horizon 10 -discount 0.75: total expected reward 1.661560.
        var solution = PomdpModelSolver.Solve(Tiger(0.75), 10, Exact);

        Assert.Equal(1.661560, solution.Value, 6);
    }

    [Fact]
    public void Tiger_discount_075_converges_to_pomdp_solve_infinite_horizon_solution()
    {
        // pomdp-solve to convergence with discount 0.75: 1.933439 at the uniform belief, five vectors.
        var solution = PomdpModelSolver.Solve(Tiger(0.75), 150, Exact);

        Assert.Equal(1.933439, solution.Value, 6);

        // pomdp-solve's grid method keeps the vectors useful at the beliefs it visits; the exact value function over the
        // whole simplex holds those five and four more (useful only at beliefs the tiger problem never reaches from b₀).
        var published = new (double Left, double Right)[] { (-98.549921, 11.450079), (-10.854299, 6.516937), (1.933439, 1.933439), (6.516937, -10.854299), (11.450079, -98.549921) };
        foreach (var (left, right) in published)
        {
            Assert.Contains(solution.Levels[^1], v => Math.Abs(v.Values[0] - left) < 1e-6 && Math.Abs(v.Values[1] - right) < 1e-6);
        }

        Assert.Equal(9, solution.AlphaVectorCount);
    }

    [Fact]
    public void Tiger_discount_095_converges_to_the_known_value()
    {
        // The infinite-horizon value of tiger.95 at the uniform belief: 19.37 is the figure usually quoted for it (we
        // could not check a printed source offline, unlike the discount-0.75 numbers above); 0.95^300 × 110 < 1e-4, so H = 300 is converged for both methods.
        var exact = PomdpModelSolver.Solve(Tiger(), 300, Exact);
        var approximate = PomdpModelSolver.Solve(Tiger(), 300, new PomdpModelSolverOptions { Method = PomdpSolverMethod.PointBased });

        Assert.Equal(19.37, exact.Value, 2);
        Assert.Equal(exact.Value, approximate.LowerBound, 6);
        Assert.InRange(approximate.Gap, 0, 1e-4);
    }

    [Fact]
    public void Tiger_discount_095_point_based_bounds_bracket_the_exact_value()
    {
        var tiger = Tiger();
        foreach (var horizon in new[] { 1, 2, 5, 10, 20 })
        {
            var exact = PomdpModelSolver.Solve(tiger, horizon, Exact);
            var approximate = PomdpModelSolver.Solve(tiger, horizon, new PomdpModelSolverOptions { Method = PomdpSolverMethod.PointBased, MaxBeliefPoints = 200 });

            Assert.Equal(PomdpSolverMethod.PointBased, approximate.Method);
            Assert.True(approximate.LowerBound <= exact.Value + 1e-9, $"H = {horizon}: lower bound {approximate.LowerBound} above the optimum {exact.Value}");
            Assert.True(approximate.UpperBound >= exact.Value - 1e-9, $"H = {horizon}: upper bound {approximate.UpperBound} below the optimum {exact.Value}");
            Assert.Equal(approximate.UpperBound - approximate.LowerBound, approximate.Gap, 12);

            // The beliefs reachable from the start are what PBVI backs up at: on the tiger it finds the optimum.
            Assert.Equal(exact.Value, approximate.LowerBound, 6);
        }
    }

    [Fact]
    public void Point_based_gap_shrinks_with_more_belief_points()
    {
        var tiger = Tiger();
        var few = PomdpModelSolver.Solve(tiger, 30, new PomdpModelSolverOptions { Method = PomdpSolverMethod.PointBased, MaxBeliefPoints = 3 });
        var many = PomdpModelSolver.Solve(tiger, 30, new PomdpModelSolverOptions { Method = PomdpSolverMethod.PointBased, MaxBeliefPoints = 300 });

        Assert.True(many.Gap <= few.Gap + 1e-9, $"{many.Gap} > {few.Gap}");
        Assert.True(many.LowerBound >= few.LowerBound - 1e-9);
        Assert.True(few.Gap > 0);
    }

    [Fact]
    public void Exact_method_fails_clearly_when_the_vector_limit_is_too_small_and_auto_falls_back()
    {
        var tiger = Tiger();
        var ex = Assert.Throws<ValidationFailedException>(() => PomdpModelSolver.Solve(tiger, 10, new PomdpModelSolverOptions { Method = PomdpSolverMethod.Exact, MaxAlphaVectors = 3 }));
        Assert.Equal("MaxAlphaVectors", ex.Path);
        Assert.Contains("point-based", ex.Message, StringComparison.Ordinal);

        var auto = PomdpModelSolver.Solve(tiger, 10, new PomdpModelSolverOptions { MaxAlphaVectors = 3 });
        Assert.Equal(PomdpSolverMethod.PointBased, auto.Method);
    }

    [Fact]
    public void Horizon_zero_is_the_terminal_value()
    {
        var solution = PomdpModelSolver.Solve(Tiger(), 0);

        Assert.Equal(0, solution.Value);
        Assert.Single(solution.Levels);
        Assert.Equal(-1, solution.BestAction([0.5, 0.5], 0));
    }

    private static void AssertVectors(IReadOnlyList<(double Left, double Right)> expected, IReadOnlyList<AlphaVector> actual, int precision = 9)
    {
        var sorted = actual.OrderBy(v => v.Values[0]).ToList();
        Assert.Equal(expected.Count, sorted.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Left, sorted[i].Values[0], precision);
            Assert.Equal(expected[i].Right, sorted[i].Values[1], precision);
        }
    }
}

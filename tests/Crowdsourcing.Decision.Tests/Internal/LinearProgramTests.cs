using Crowdsourcing.Decision.Internal;

namespace Crowdsourcing.Decision.Tests.Internal;

public class LinearProgramTests
{
    [Fact]
    public void A_textbook_programme_has_its_known_optimum_and_duals()
    {
        // max 3x + 5y s.t. x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18: optimum (2, 6), 36; duals (0, 1.5, 1).
        var solution = LinearProgram.Maximize([3, 5], [[1, 0], [0, 2], [3, 2]], [RowSense.AtMost, RowSense.AtMost, RowSense.AtMost], [4, 12, 18]);
        Assert.Equal(LinearProgramStatus.Optimal, solution.Status);
        Assert.Equal(36, solution.Objective, 9);
        Assert.Equal([2, 6], solution.X, new ToleranceComparer(1e-9));
        Assert.Equal([0, 1.5, 1], solution.Duals, new ToleranceComparer(1e-9));
    }

    [Fact]
    public void Equalities_and_lower_bounds_use_the_first_phase()
    {
        // max −x − 2y s.t. x + y = 1, x ≥ 0.25, y ≥ 0.5: optimum x = 0.5, y = 0.5.
        var solution = LinearProgram.Maximize([-1, -2], [[1, 1], [1, 0], [0, 1]], [RowSense.Equal, RowSense.AtLeast, RowSense.AtLeast], [1, 0.25, 0.5]);
        Assert.Equal(LinearProgramStatus.Optimal, solution.Status);
        Assert.Equal(-1.5, solution.Objective, 9);
        Assert.Equal([0.5, 0.5], solution.X, new ToleranceComparer(1e-9));

        // Reduced costs are at most zero and complementary slackness holds.
        Assert.True(solution.Duals[2] <= 1e-12);
        Assert.Equal(0, -1 - solution.Duals[0] - solution.Duals[1], 9);
        Assert.Equal(0, -2 - solution.Duals[0] - solution.Duals[2], 9);

        var infeasible = LinearProgram.Maximize([1], [[1], [1]], [RowSense.AtMost, RowSense.AtLeast], [1, 2]);
        Assert.Equal(LinearProgramStatus.Infeasible, infeasible.Status);
        var unbounded = LinearProgram.Maximize([1, 0], [[0, 1]], [RowSense.AtMost], [1]);
        Assert.Equal(LinearProgramStatus.Unbounded, unbounded.Status);
    }

    [Fact]
    public void Random_programmes_satisfy_strong_duality()
    {
        var random = new Random(4);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = 2 + random.Next(12);
            var m = 1 + random.Next(8);
            var c = Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 10) - 2).ToArray();
            var rows = Enumerable.Range(0, m).Select(_ => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 5).ToArray()).ToArray();
            var senses = Enumerable.Range(0, m).Select(i => i == 0 ? RowSense.Equal : random.NextDouble() < 0.7 ? RowSense.AtMost : RowSense.AtLeast).ToArray();

            // A feasible point x0 makes the bounds consistent.
            var x0 = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
            var bounds = rows.Select((r, i) => r.Zip(x0, (a, x) => a * x).Sum() + (senses[i] == RowSense.AtMost ? random.NextDouble() : senses[i] == RowSense.AtLeast ? -random.NextDouble() : 0)).ToArray();
            var solution = LinearProgram.Maximize(c, rows, senses, bounds);
            Assert.Equal(LinearProgramStatus.Optimal, solution.Status);
            for (var i = 0; i < m; i++)
            {
                var lhs = rows[i].Zip(solution.X, (a, x) => a * x).Sum();
                var tolerance = 1e-7 * Math.Max(1, Math.Abs(bounds[i]));
                switch (senses[i])
                {
                    case RowSense.AtMost:
                        Assert.True(lhs <= bounds[i] + tolerance);
                        Assert.True(solution.Duals[i] >= -1e-9);
                        break;
                    case RowSense.AtLeast:
                        Assert.True(lhs >= bounds[i] - tolerance);
                        Assert.True(solution.Duals[i] <= 1e-9);
                        break;
                    default:
                        Assert.Equal(bounds[i], lhs, 7);
                        break;
                }
            }

            for (var j = 0; j < n; j++)
            {
                var reduced = c[j] - Enumerable.Range(0, m).Sum(i => solution.Duals[i] * rows[i][j]);
                Assert.True(reduced <= 1e-7, $"trial {trial}: reduced cost {reduced} of column {j}");
            }

            // Strong duality: b·y equals the optimum.
            Assert.Equal(solution.Objective, bounds.Zip(solution.Duals, (b, y) => b * y).Sum(), 6);
        }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}

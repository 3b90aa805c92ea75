namespace Crowdsourcing.Decision.Internal;

/// <summary>
/// The linear programme of Lark's filter: for a vector α and a set W, find the belief b on the simplex where α beats
/// every vector of W by the largest margin δ: maximise δ subject to b·(w − α) + δ ≤ 0 for all w ∈ W, Σ b ≤ 1, b ≥ 0,
/// δ ≥ 0. Because the constraints are positively homogeneous in b, a positive optimum is reached with Σ b = 1, so the
/// witness is a belief. A dense tableau simplex with Bland's rule (no cycling); sizes are small (S + 1 columns, |W| + 1
/// rows).
/// </summary>
internal static class DominanceLp
{
    private const double Epsilon = 1e-12;

    /// <summary>Returns δ (0 when α improves on W nowhere) and writes the witness belief into <paramref name="witness"/> when δ &gt; 0.</summary>
    /// <remarks>
    /// A condensed tableau (Tucker's form): only the S + 1 non-basic columns and the right-hand side are stored, so a
    /// pivot costs O(|W|·S) instead of O(|W|²) with the slack columns. Variables are labelled b_0..b_{S−1} = 0..S−1,
    /// δ = S, and the slack of row i = S + 1 + i; Bland's rule picks the entering variable with the smallest label
    /// among those with a negative reduced cost and, on ratio ties, the leaving one with the smallest label, so the
    /// pivots and their arithmetic are those of the full tableau.
    /// </remarks>
    public static double Solve(ReadOnlySpan<double> alpha, IReadOnlyList<double[]> w, Span<double> witness)
    {
        var s = alpha.Length;
        var m = w.Count + 1;
        var n = s + 1;
        var columns = n + 1;
        var t = new double[(m + 1) * columns];
        var basis = new int[m];
        var nonBasic = new int[n];
        for (var j = 0; j < n; j++)
        {
            nonBasic[j] = j;
        }

        for (var i = 0; i < w.Count; i++)
        {
            var row = i * columns;
            var wi = w[i];
            for (var x = 0; x < s; x++)
            {
                t[row + x] = wi[x] - alpha[x];
            }

            t[row + s] = 1;
            basis[i] = n + i;
        }

        var last = (m - 1) * columns;
        for (var x = 0; x < s; x++)
        {
            t[last + x] = 1;
        }

        t[last + columns - 1] = 1;
        basis[m - 1] = n + m - 1;
        var objective = m * columns;
        t[objective + s] = -1;

        var maxIterations = 50 * (m + n);
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var entering = -1;
            for (var j = 0; j < n; j++)
            {
                if (t[objective + j] < -Epsilon && (entering < 0 || nonBasic[j] < nonBasic[entering]))
                {
                    entering = j;
                }
            }

            if (entering < 0)
            {
                return Extract(t, basis, s, columns, m, witness);
            }

            var leaving = -1;
            var bestRatio = double.PositiveInfinity;
            for (var i = 0; i < m; i++)
            {
                var a = t[(i * columns) + entering];
                if (a <= Epsilon)
                {
                    continue;
                }

                var ratio = t[(i * columns) + columns - 1] / a;
                if (ratio < bestRatio - Epsilon || (Math.Abs(ratio - bestRatio) <= Epsilon && leaving >= 0 && basis[i] < basis[leaving]))
                {
                    bestRatio = ratio;
                    leaving = i;
                }
            }

            if (leaving < 0)
            {
                // Unbounded: only possible when W is empty, which the caller avoids. Treat as "improves".
                witness[..s].Fill(1.0 / s);
                return double.PositiveInfinity;
            }

            Pivot(t, columns, m, leaving, entering);
            (basis[leaving], nonBasic[entering]) = (nonBasic[entering], basis[leaving]);
        }

        // Not converged (should not happen with Bland's rule): report the current vertex conservatively as useful.
        return Math.Max(Extract(t, basis, s, columns, m, witness), double.Epsilon);
    }

    private static double Extract(double[] t, int[] basis, int s, int columns, int m, Span<double> witness)
    {
        witness[..s].Clear();
        var sum = 0.0;
        for (var i = 0; i < m; i++)
        {
            if (basis[i] < s)
            {
                var v = Math.Max(0, t[(i * columns) + columns - 1]);
                witness[basis[i]] = v;
                sum += v;
            }
        }

        if (sum > 0)
        {
            for (var x = 0; x < s; x++)
            {
                witness[x] /= sum;
            }
        }
        else
        {
            witness[..s].Fill(1.0 / s);
        }

        return t[(m * columns) + columns - 1];
    }

    /// <summary>Pivots the condensed tableau on (row, column): the entering variable's column becomes the leaving variable's.</summary>
    private static void Pivot(double[] t, int columns, int m, int row, int column)
    {
        var pr = row * columns;
        var p = t[pr + column];
        for (var j = 0; j < columns; j++)
        {
            t[pr + j] = j == column ? 1 / p : t[pr + j] / p;
        }

        for (var i = 0; i <= m; i++)
        {
            if (i == row)
            {
                continue;
            }

            var ri = i * columns;
            var f = t[ri + column];
            if (f == 0)
            {
                continue;
            }

            for (var j = 0; j < columns; j++)
            {
                t[ri + j] = j == column ? 0 - (f * t[pr + j]) : t[ri + j] - (f * t[pr + j]);
            }
        }
    }
}

namespace Crowdsourcing.Decision.Internal;

/// <summary>The sense of a row of a <see cref="LinearProgram"/>.</summary>
internal enum RowSense
{
    /// <summary>a·x ≤ b.</summary>
    AtMost,

    /// <summary>a·x ≥ b.</summary>
    AtLeast,

    /// <summary>a·x = b.</summary>
    Equal,
}

/// <summary>The outcome of <see cref="LinearProgram.Maximize"/>.</summary>
internal enum LinearProgramStatus
{
    /// <summary>An optimal solution was found.</summary>
    Optimal,

    /// <summary>No x satisfies the rows.</summary>
    Infeasible,

    /// <summary>The objective grows without bound.</summary>
    Unbounded,

    /// <summary>The iteration limit was reached.</summary>
    IterationLimit,
}

/// <summary>A solution of <see cref="LinearProgram.Maximize"/>.</summary>
/// <param name="Status">Whether it is optimal.</param>
/// <param name="Objective">c·x.</param>
/// <param name="X">The variables.</param>
/// <param name="Duals">One per row, so that every reduced cost c_j − Σ_i y_i·a_ij is at most 0 at the optimum: y_i ≥ 0 for ≤ rows, y_i ≤ 0 for ≥ rows, free for = rows.</param>
internal sealed record LinearProgramSolution(LinearProgramStatus Status, double Objective, double[] X, double[] Duals);

/// <summary>
/// A small dense linear programme: maximise c·x subject to rows a_i·x (≤, ≥ or =) b_i and x ≥ 0, solved by the
/// two-phase tableau simplex (Dantzig's rule, switching to Bland's rule after degenerate steps, so it cannot cycle).
/// Rows and the objective are scaled to a largest coefficient of 1 before solving; the duals are returned in the
/// original units. Sizes are those of the population planner's master problems: tens of rows, hundreds of columns.
/// </summary>
internal static class LinearProgram
{
    private const double Tolerance = 1e-11;

    /// <summary>Solves the programme.</summary>
    /// <param name="objective">c, one entry per variable.</param>
    /// <param name="rows">Per row its coefficients (one per variable).</param>
    /// <param name="senses">Per row its sense.</param>
    /// <param name="bounds">Per row its right-hand side b.</param>
    /// <returns>The solution.</returns>
    public static LinearProgramSolution Maximize(double[] objective, double[][] rows, RowSense[] senses, double[] bounds)
    {
        var n = objective.Length;
        var m = rows.Length;

        // Scale each row (and its bound) to a largest coefficient of 1, and flip rows with a negative bound.
        var rowScale = new double[m];
        var a = new double[m][];
        var b = new double[m];
        var sense = new RowSense[m];
        for (var i = 0; i < m; i++)
        {
            var max = 0.0;
            for (var j = 0; j < n; j++)
            {
                max = Math.Max(max, Math.Abs(rows[i][j]));
            }

            max = Math.Max(max, Math.Abs(bounds[i]));
            var scale = max > 0 ? 1 / max : 1;
            var flip = bounds[i] < 0;
            rowScale[i] = flip ? -scale : scale;
            a[i] = new double[n];
            for (var j = 0; j < n; j++)
            {
                a[i][j] = rows[i][j] * rowScale[i];
            }

            b[i] = bounds[i] * rowScale[i];
            sense[i] = !flip ? senses[i] : senses[i] switch { RowSense.AtMost => RowSense.AtLeast, RowSense.AtLeast => RowSense.AtMost, _ => RowSense.Equal };
        }

        var objectiveScale = 0.0;
        foreach (var c in objective)
        {
            objectiveScale = Math.Max(objectiveScale, Math.Abs(c));
        }

        objectiveScale = objectiveScale > 0 ? objectiveScale : 1;

        // Columns: the n variables, one slack or surplus per inequality, one artificial per ≥ or = row.
        var slackOf = new int[m];
        var artificialOf = new int[m];
        var columns = n;
        for (var i = 0; i < m; i++)
        {
            slackOf[i] = sense[i] == RowSense.Equal ? -1 : columns++;
        }

        for (var i = 0; i < m; i++)
        {
            artificialOf[i] = sense[i] == RowSense.AtMost ? -1 : columns++;
        }

        var width = columns + 1;
        var t = new double[(m + 1) * width];
        var basis = new int[m];
        for (var i = 0; i < m; i++)
        {
            var row = i * width;
            a[i].CopyTo(t, row);
            if (slackOf[i] >= 0)
            {
                t[row + slackOf[i]] = sense[i] == RowSense.AtMost ? 1 : -1;
            }

            if (artificialOf[i] >= 0)
            {
                t[row + artificialOf[i]] = 1;
                basis[i] = artificialOf[i];
            }
            else
            {
                basis[i] = slackOf[i];
            }

            t[row + columns] = b[i];
        }

        var isArtificial = new bool[columns];
        foreach (var j in artificialOf)
        {
            if (j >= 0)
            {
                isArtificial[j] = true;
            }
        }

        var maxIterations = 200 * (m + columns);

        // Phase 1: maximise −Σ artificials.
        var cost = new double[columns];
        var anyArtificial = false;
        for (var j = 0; j < columns; j++)
        {
            if (isArtificial[j])
            {
                cost[j] = -1;
                anyArtificial = true;
            }
        }

        if (anyArtificial)
        {
            SetObjective(t, basis, cost, m, width, columns);
            if (!Iterate(t, basis, m, width, columns, null, maxIterations))
            {
                return new LinearProgramSolution(LinearProgramStatus.IterationLimit, double.NaN, new double[n], new double[m]);
            }

            // The objective cell holds −z = Σ artificials.
            if (t[(m * width) + columns] > 1e-9)
            {
                return new LinearProgramSolution(LinearProgramStatus.Infeasible, double.NaN, new double[n], new double[m]);
            }

            // Drive artificials at level zero out of the basis where a non-artificial column can replace them.
            for (var i = 0; i < m; i++)
            {
                if (!isArtificial[basis[i]])
                {
                    continue;
                }

                for (var j = 0; j < columns; j++)
                {
                    if (!isArtificial[j] && Math.Abs(t[(i * width) + j]) > 1e-9)
                    {
                        Pivot(t, basis, m, width, i, j);
                        break;
                    }
                }
            }
        }

        // Phase 2: the scaled objective; artificials may no longer enter.
        Array.Clear(cost);
        for (var j = 0; j < n; j++)
        {
            cost[j] = objective[j] / objectiveScale;
        }

        SetObjective(t, basis, cost, m, width, columns);
        if (!Iterate(t, basis, m, width, columns, isArtificial, maxIterations))
        {
            return new LinearProgramSolution(LinearProgramStatus.IterationLimit, double.NaN, new double[n], new double[m]);
        }

        if (t[(m * width) + columns] is double.PositiveInfinity)
        {
            return new LinearProgramSolution(LinearProgramStatus.Unbounded, double.PositiveInfinity, new double[n], new double[m]);
        }

        var x = new double[n];
        for (var i = 0; i < m; i++)
        {
            if (basis[i] < n)
            {
                x[basis[i]] = Math.Max(0, t[(i * width) + columns]);
            }
        }

        var value = 0.0;
        for (var j = 0; j < n; j++)
        {
            value += objective[j] * x[j];
        }

        // The dual of row i is c_B·B⁻¹·e_i: minus the reduced cost of the row's identity column (its slack for ≤, its
        // artificial otherwise), back in the original units of the row and the objective.
        var duals = new double[m];
        var objectiveRow = m * width;
        for (var i = 0; i < m; i++)
        {
            var identity = artificialOf[i] >= 0 ? artificialOf[i] : slackOf[i];
            duals[i] = -t[objectiveRow + identity] * objectiveScale * rowScale[i];
        }

        return new LinearProgramSolution(LinearProgramStatus.Optimal, value, x, duals);
    }

    /// <summary>Writes the reduced costs d_j = c_j − c_B·B⁻¹·A_j into the objective row, and −c_B·B⁻¹·b in its last cell.</summary>
    private static void SetObjective(double[] t, int[] basis, double[] cost, int m, int width, int columns)
    {
        var objective = m * width;
        for (var j = 0; j <= columns; j++)
        {
            t[objective + j] = j < columns ? cost[j] : 0;
        }

        for (var i = 0; i < m; i++)
        {
            var c = cost[basis[i]];
            if (c == 0)
            {
                continue;
            }

            var row = i * width;
            for (var j = 0; j <= columns; j++)
            {
                t[objective + j] -= c * t[row + j];
            }
        }
    }

    /// <summary>Pivots until no reduced cost is positive; returns false at the iteration limit. An unbounded column sets the objective cell to +∞.</summary>
    private static bool Iterate(double[] t, int[] basis, int m, int width, int columns, bool[]? barred, int maxIterations)
    {
        var objective = m * width;
        var degenerate = 0;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var bland = degenerate > 20;
            var entering = -1;
            var best = Tolerance;
            for (var j = 0; j < columns; j++)
            {
                if (barred is not null && barred[j])
                {
                    continue;
                }

                var d = t[objective + j];
                if (d > best)
                {
                    entering = j;
                    if (bland)
                    {
                        break;
                    }

                    best = d;
                }
            }

            if (entering < 0)
            {
                return true;
            }

            var leaving = -1;
            var ratio = double.PositiveInfinity;
            for (var i = 0; i < m; i++)
            {
                var coefficient = t[(i * width) + entering];
                if (coefficient <= 1e-12)
                {
                    continue;
                }

                var r = t[(i * width) + columns] / coefficient;
                if (r < ratio - 1e-12 || (r <= ratio + 1e-12 && leaving >= 0 && basis[i] < basis[leaving]))
                {
                    ratio = r;
                    leaving = i;
                }
            }

            if (leaving < 0)
            {
                t[objective + columns] = double.PositiveInfinity;
                return true;
            }

            degenerate = ratio <= 1e-12 ? degenerate + 1 : 0;
            Pivot(t, basis, m, width, leaving, entering);
        }

        return false;
    }

    private static void Pivot(double[] t, int[] basis, int m, int width, int pivotRow, int pivotColumn)
    {
        var row = pivotRow * width;
        var p = t[row + pivotColumn];
        for (var j = 0; j < width; j++)
        {
            t[row + j] /= p;
        }

        for (var i = 0; i <= m; i++)
        {
            if (i == pivotRow)
            {
                continue;
            }

            var other = i * width;
            var factor = t[other + pivotColumn];
            if (factor == 0)
            {
                continue;
            }

            for (var j = 0; j < width; j++)
            {
                t[other + j] -= factor * t[row + j];
            }

            t[other + pivotColumn] = 0;
        }

        basis[pivotRow] = pivotColumn;
    }
}

using Crowdsourcing.Decision.Beliefs;
using Crowdsourcing.Decision.Models;

namespace Crowdsourcing.AspNetCore.Decisions;

/// <summary>
/// The value of an intervention V_k(b) = MEU_k(b) − MEU(b·T) over the belief simplex of a three-state model, on a
/// triangular grid: the simplex is cut into resolution² small triangles and each is given V_k at its centroid.
/// </summary>
/// <param name="Model">The decision model's name.</param>
/// <param name="States">The three states, in the order of every belief's coordinates.</param>
/// <param name="Intervention">The intervention k.</param>
/// <param name="Cost">c_k: the myopic rule contacts where V_k exceeds it.</param>
/// <param name="Resolution">How many steps each edge of the simplex is cut into.</param>
/// <param name="Minimum">The least value of a cell.</param>
/// <param name="Maximum">The greatest value of a cell.</param>
/// <param name="Cells">The resolution² cells.</param>
internal sealed record HeatMap(string Model, IReadOnlyList<string> States, string Intervention, double Cost, int Resolution, double Minimum, double Maximum, IReadOnlyList<HeatMapCell> Cells)
{
    /// <summary>The greatest resolution served: 60 (3,600 cells).</summary>
    public const int MaximumResolution = 60;

    /// <summary>Computes the heat map.</summary>
    /// <param name="name">The model's registered name.</param>
    /// <param name="model">The model; it must have exactly three states.</param>
    /// <param name="intervention">The intervention's name, or <see langword="null"/> for the model's first.</param>
    /// <param name="resolution">Steps per edge, 1 to <see cref="MaximumResolution"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="resolution"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The model does not have three states, or has no such intervention.</exception>
    public static HeatMap Compute(string name, DecisionModel model, string? intervention, int resolution)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (resolution is < 1 or > MaximumResolution)
        {
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, $"The heat map's resolution must be between 1 and {MaximumResolution}; it was {resolution}.");
        }

        if (model.StateCount != 3)
        {
            throw new ArgumentException($"The heat map is drawn over a triangle, so it needs a model with three states; model '{name}' has {model.StateCount} ({string.Join(", ", model.States)}).", nameof(model));
        }

        var k = intervention is null ? 0 : model.IndexOfIntervention(intervention);
        if (k < 0)
        {
            throw new ArgumentException($"Model '{name}' has no intervention '{intervention}'; it has {string.Join(", ", model.Interventions.Select(i => i.Name))}.", nameof(intervention));
        }

        var evaluator = new DecisionEvaluator(model);
        var n = (double)resolution;
        var cells = new List<HeatMapCell>(resolution * resolution);
        for (var i = 0; i < resolution; i++)
        {
            for (var j = 0; i + j < resolution; j++)
            {
                // Grid points (i, j) carry the belief (i/n, j/n, 1 - i/n - j/n): "up" and "down" triangles tile the simplex.
                cells.Add(Cell(evaluator, k, n, (i, j), (i + 1, j), (i, j + 1)));
                if (i + j < resolution - 1)
                {
                    cells.Add(Cell(evaluator, k, n, (i + 1, j), (i, j + 1), (i + 1, j + 1)));
                }
            }
        }

        var chosen = model.Interventions[k];
        return new HeatMap(name, model.States, chosen.Name, chosen.Cost, resolution, cells.Min(c => c.Value), cells.Max(c => c.Value), cells);
    }

    private static HeatMapCell Cell(DecisionEvaluator evaluator, int intervention, double n, params (int I, int J)[] corners)
    {
        var vertices = corners.Select(c => Point(c.I / n, c.J / n)).ToArray();
        var centroid = Point(corners.Average(c => c.I) / n, corners.Average(c => c.J) / n);
        var value = evaluator.InterventionValue(Belief.Create(centroid), intervention);
        return new HeatMapCell(vertices, centroid, Math.Round(value, 6));
    }

    private static double[] Point(double first, double second)
    {
        var a = Math.Round(first, 9);
        var b = Math.Round(second, 9);
        return [a, b, Math.Max(0, 1 - a - b)];
    }
}

/// <summary>One small triangle of the simplex and the value at its centroid.</summary>
/// <param name="Vertices">Its three corners, each a belief.</param>
/// <param name="Centroid">Its centroid, the belief the value is computed on.</param>
/// <param name="Value">V_k at the centroid.</param>
internal sealed record HeatMapCell(IReadOnlyList<double[]> Vertices, double[] Centroid, double Value);

using System.Globalization;

namespace Crowdsourcing.Cli.Plotting;

/// <summary>
/// A value over the belief simplex of a three-state model, drawn as a ternary heat map: each belief b is the point
/// b₀·V₀ + b₁·V₁ + b₂·V₂ of a triangle whose corners are the certain beliefs, coloured by the value, with a colour bar.
/// </summary>
internal static class TernaryHeatMap
{
    private const double Width = 640;
    private const double Height = 560;
    private const double Side = 440;

    /// <summary>Draws the heat map.</summary>
    /// <param name="title">The figure's title.</param>
    /// <param name="valueLabel">What the colour shows, for the colour bar.</param>
    /// <param name="states">The three state names, corners bottom-left, bottom-right, top.</param>
    /// <param name="value">The value at a belief (three probabilities).</param>
    /// <param name="resolution">Subdivisions of each side; the map has resolution² small triangles.</param>
    /// <param name="flow">When given, one week of dynamics: arrows from b to flow(b) on a coarse grid.</param>
    /// <param name="caption">A line under the figure, saying what it shows.</param>
    public static string Draw(string title, string valueLabel, IReadOnlyList<string> states, Func<double[], double> value, int resolution = 48, Func<double[], double[]>? flow = null, string? caption = null)
    {
        if (states.Count != 3)
        {
            throw new ArgumentException($"A ternary heat map needs exactly 3 states; the model has {states.Count}.", nameof(states));
        }

        var cells = new List<((double X, double Y)[] Corners, double Value)>(resolution * resolution);
        for (var a = 0; a < resolution; a++)
        {
            for (var b = 0; a + b < resolution; b++)
            {
                cells.Add(Cell((a, b), (a + 1, b), (a, b + 1)));
                if (a + b < resolution - 1)
                {
                    cells.Add(Cell((a + 1, b), (a, b + 1), (a + 1, b + 1)));
                }
            }
        }

        var min = cells.Min(c => c.Value);
        var max = cells.Max(c => c.Value);
        var svg = new SvgWriter(Width, Height, title);
        svg.Text(Width / 2, 28, title, 17, "middle", bold: true);
        foreach (var (corners, v) in cells)
        {
            var colour = ColorScale.At((v - min) / (max - min == 0 ? 1 : max - min));
            svg.Polygon(corners, colour, colour, 0.6);
        }

        var v0 = Corner(0);
        var v1 = Corner(1);
        var v2 = Corner(2);
        svg.Polygon([v0, v1, v2], "none", "#333", 1.2);
        svg.Text(v0.X - 6, v0.Y + 20, $"{states[0]} [1,0,0]", 13, "middle");
        svg.Text(v1.X + 6, v1.Y + 20, $"{states[1]} [0,1,0]", 13, "middle");
        svg.Text(v2.X, v2.Y - 10, $"{states[2]} [0,0,1]", 13, "middle");

        if (flow is not null)
        {
            const int grid = 8;
            for (var a = 0; a <= grid; a++)
            {
                for (var b = 0; a + b <= grid; b++)
                {
                    var belief = Belief(a, b, grid);
                    var from = Point(belief);
                    var to = Point(flow(belief));
                    svg.Arrow(from.X, from.Y, to.X, to.Y, "#ffffff", 1.3);
                }
            }
        }

        DrawColourBar(svg, valueLabel, min, max);
        if (caption is not null)
        {
            svg.Text(Width / 2, Height - 14, caption, 11.5, "middle", "#555");
        }

        return svg.ToString();

        ((double X, double Y)[] Corners, double Value) Cell((int A, int B) p, (int A, int B) q, (int A, int B) r)
        {
            double[] centroid =
            [
                (3.0 * resolution - p.A - q.A - r.A - p.B - q.B - r.B) / (3.0 * resolution),
                (p.A + q.A + r.A) / (3.0 * resolution),
                (p.B + q.B + r.B) / (3.0 * resolution),
            ];
            return ([Point(Belief(p.A, p.B, resolution)), Point(Belief(q.A, q.B, resolution)), Point(Belief(r.A, r.B, resolution))], value(centroid));
        }
    }

    /// <summary>The belief at lattice point (a toward state 1, b toward state 2) of an n-subdivision.</summary>
    private static double[] Belief(int a, int b, int n) => [(double)(n - a - b) / n, (double)a / n, (double)b / n];

    private static (double X, double Y) Corner(int state) => state switch
    {
        0 => (60, 480),
        1 => (60 + Side, 480),
        _ => (60 + (Side / 2), 480 - (Side * Math.Sqrt(3) / 2)),
    };

    private static (double X, double Y) Point(double[] belief)
    {
        var x = 0.0;
        var y = 0.0;
        for (var s = 0; s < 3; s++)
        {
            var (cx, cy) = Corner(s);
            x += belief[s] * cx;
            y += belief[s] * cy;
        }

        return (x, y);
    }

    private static void DrawColourBar(SvgWriter svg, string label, double min, double max)
    {
        const double x = 548;
        const double top = 90;
        const double height = 360;
        const int steps = 60;
        for (var i = 0; i < steps; i++)
        {
            var t = 1 - ((i + 0.5) / steps);
            svg.Rect(x, top + (i * height / steps), 22, (height / steps) + 0.6, ColorScale.At(t));
        }

        svg.Rect(x, top, 22, height, "none", "#333", 0.8);
        var span = max - min == 0 ? 1 : max - min;
        foreach (var tick in ColorScale.Ticks(min, max))
        {
            var y = top + height - ((tick - min) / span * height);
            svg.Line(x + 22, y, x + 27, y, "#333");
            svg.Text(x + 30, y + 4, tick.ToString("0.##", CultureInfo.InvariantCulture), 11);
        }

        svg.Text(x + 11, top - 14, label, 12, "middle", bold: true);
    }
}

using System.Globalization;

namespace Crowdsourcing.Cli.Plotting;

/// <summary>One line of a <see cref="LineChart"/>.</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points, bool Steps = false);

/// <summary>A horizontal reference line, such as a threshold.</summary>
internal sealed record ChartRule(string Label, double Y);

/// <summary>A marked point, such as the week a threshold is first crossed.</summary>
internal sealed record ChartMarker(string Label, double X, double Y, string Colour);

/// <summary>Lines over a shared x axis, with axes, ticks, labels, a legend, reference lines and markers.</summary>
internal static class LineChart
{
    private const double Width = 760;
    private const double Height = 500;
    private const double Left = 80;
    private const double Right = 200;
    private const double Top = 56;
    private const double Bottom = 84;

    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

    /// <summary>Dash patterns by series: the first two solid, then dashed and dotted, so that coinciding lines stay visible.</summary>
    private static readonly string?[] Dashes = [null, null, "9 5", "3 4", "12 4 3 4", "6 3"];

    /// <summary>The colour of series <paramref name="index"/>.</summary>
    public static string ColourOf(int index) => Palette[index % Palette.Length];

    /// <summary>
    /// The stroke width of series <paramref name="index"/>: each later series is drawn thinner on top of the earlier
    /// ones, so a line that coincides with a later one shows as a border around it.
    /// </summary>
    public static double WidthOf(int index) => Math.Max(2, 4.4 - (0.8 * index));

    /// <summary>The dash pattern of series <paramref name="index"/>, or <see langword="null"/> for a solid line.</summary>
    public static string? DashOf(int index) => Dashes[index % Dashes.Length];

    public static string Draw(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, IReadOnlyList<ChartRule>? rules = null, IReadOnlyList<ChartMarker>? markers = null, string? caption = null)
    {
        rules ??= [];
        markers ??= [];
        var xs = series.SelectMany(s => s.Points.Select(p => p.X)).ToArray();
        var ys = series.SelectMany(s => s.Points.Select(p => p.Y)).Concat(rules.Select(r => r.Y)).ToArray();
        if (xs.Length == 0)
        {
            throw new ArgumentException("A line chart needs at least one point.", nameof(series));
        }

        var (xMin, xMax) = (xs.Min(), xs.Max());
        var (yMin, yMax) = (Math.Min(0, ys.Min()), ys.Max());
        var yPad = (yMax - yMin) * 0.06;
        yMax += yPad;
        if (yMin < 0)
        {
            yMin -= yPad;
        }

        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double Px(double x) => Left + ((x - xMin) / (xMax - xMin == 0 ? 1 : xMax - xMin) * plotWidth);
        double Py(double y) => Top + plotHeight - ((y - yMin) / (yMax - yMin == 0 ? 1 : yMax - yMin) * plotHeight);

        var svg = new SvgWriter(Width, Height, title);
        svg.Text(Width / 2, 30, title, 17, "middle", bold: true);
        foreach (var tick in ColorScale.Ticks(yMin, yMax, 6))
        {
            svg.Line(Left, Py(tick), Left + plotWidth, Py(tick), "#e5e5e5");
            svg.Text(Left - 8, Py(tick) + 4, tick.ToString("#,0.##", CultureInfo.InvariantCulture), 11, "end");
        }

        foreach (var tick in ColorScale.Ticks(xMin, xMax, 10))
        {
            svg.Line(Px(tick), Top + plotHeight, Px(tick), Top + plotHeight + 5, "#333");
            svg.Text(Px(tick), Top + plotHeight + 19, tick.ToString("#,0.##", CultureInfo.InvariantCulture), 11, "middle");
        }

        svg.Line(Left, Top + plotHeight, Left + plotWidth, Top + plotHeight, "#333");
        svg.Line(Left, Top, Left, Top + plotHeight, "#333");
        svg.Text(Left + (plotWidth / 2), Top + plotHeight + 42, xLabel, 13, "middle");
        svg.Text(22, Top + (plotHeight / 2), yLabel, 13, "middle", rotate: -90);

        foreach (var rule in rules)
        {
            svg.Line(Left, Py(rule.Y), Left + plotWidth, Py(rule.Y), "#555", 1.4, "6 4");
            svg.Text(Left + 6, Py(rule.Y) - 6, rule.Label, 11, "start", "#555");
        }

        for (var i = 0; i < series.Count; i++)
        {
            var points = series[i].Steps ? StepPoints(series[i].Points) : series[i].Points;
            svg.Polyline(points.Select(p => (Px(p.X), Py(p.Y))), ColourOf(i), WidthOf(i), DashOf(i));
        }

        foreach (var marker in markers)
        {
            svg.Circle(Px(marker.X), Py(marker.Y), 6, "none", marker.Colour, 2.2);
            svg.Text(Px(marker.X) + 9, Py(marker.Y) + 18, marker.Label, 11.5, "start", marker.Colour, bold: true);
        }

        var legendX = Left + plotWidth + 22;
        for (var i = 0; i < series.Count; i++)
        {
            var y = Top + 10 + (i * 22);
            svg.Line(legendX, y, legendX + 30, y, ColourOf(i), WidthOf(i), DashOf(i));
            svg.Text(legendX + 38, y + 4, series[i].Name, 12);
        }

        if (caption is not null)
        {
            svg.Text(Width / 2, Height - 14, caption, 11.5, "middle", "#555");
        }

        return svg.ToString();
    }

    /// <summary>
    /// A step line through the points: from each point horizontally to the next x, then vertically to the next y.
    /// Runs of equal y are one horizontal segment, so a sorted distribution of thousands of values stays small.
    /// </summary>
    internal static List<(double X, double Y)> StepPoints(IReadOnlyList<(double X, double Y)> points)
    {
        var steps = new List<(double X, double Y)>();
        for (var i = 0; i < points.Count; i++)
        {
            if (i > 0 && i < points.Count - 1 && points[i].Y == points[i - 1].Y)
            {
                continue; // the horizontal segment carries on
            }

            if (i > 0 && steps[^1].Y != points[i].Y)
            {
                steps.Add((points[i].X, steps[^1].Y));
            }

            steps.Add(points[i]);
        }

        return steps;
    }
}

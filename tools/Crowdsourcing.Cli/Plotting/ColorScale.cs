using System.Globalization;

namespace Crowdsourcing.Cli.Plotting;

/// <summary>The viridis colour scale (perceptually uniform, readable in grey and by most colour-blind readers).</summary>
internal static class ColorScale
{
    private static readonly (double R, double G, double B)[] Stops =
    [
        (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (110, 206, 88), (181, 222, 43), (253, 231, 37),
    ];

    /// <summary>The colour for <paramref name="t"/> in [0, 1] (clamped), as <c>#rrggbb</c>.</summary>
    public static string At(double t)
    {
        t = double.IsFinite(t) ? Math.Clamp(t, 0, 1) : 0;
        var position = t * (Stops.Length - 1);
        var i = Math.Min((int)position, Stops.Length - 2);
        var f = position - i;
        var (r0, g0, b0) = Stops[i];
        var (r1, g1, b1) = Stops[i + 1];
        return string.Create(CultureInfo.InvariantCulture, $"#{(int)Math.Round(r0 + ((r1 - r0) * f)):x2}{(int)Math.Round(g0 + ((g1 - g0) * f)):x2}{(int)Math.Round(b0 + ((b1 - b0) * f)):x2}");
    }

    /// <summary>Round tick values covering [min, max], about <paramref name="count"/> of them.</summary>
    public static IReadOnlyList<double> Ticks(double min, double max, int count = 5)
    {
        if (!(max > min))
        {
            return [min];
        }

        var raw = (max - min) / count;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        var first = Math.Ceiling(min / step) * step;
        var ticks = new List<double>();
        for (var v = first; v <= max + (step * 1e-9); v += step)
        {
            ticks.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        }

        return ticks;
    }
}

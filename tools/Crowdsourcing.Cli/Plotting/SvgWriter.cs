using System.Globalization;
using System.Security;
using System.Text;

namespace Crowdsourcing.Cli.Plotting;

/// <summary>
/// A small SVG 1.1 writer: the one place the CLI draws pictures. Numbers are written with the invariant culture and
/// two decimals; text is XML-escaped.
/// </summary>
internal sealed class SvgWriter
{
    private readonly StringBuilder _body = new();

    public SvgWriter(double width, double height, string title)
    {
        Width = width;
        Height = height;
        Title = title;
    }

    public double Width { get; }

    public double Height { get; }

    public string Title { get; }

    public SvgWriter Rect(double x, double y, double width, double height, string fill, string? stroke = null, double strokeWidth = 1)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(width)}\" height=\"{N(height)}\" fill=\"{fill}\"");
        AppendStroke(stroke, strokeWidth);
        _body.Append("/>\n");
        return this;
    }

    public SvgWriter Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? dash = null)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\"");
        AppendStroke(stroke, strokeWidth);
        if (dash is not null)
        {
            _body.Append(CultureInfo.InvariantCulture, $" stroke-dasharray=\"{dash}\"");
        }

        _body.Append("/>\n");
        return this;
    }

    public SvgWriter Polyline(IEnumerable<(double X, double Y)> points, string stroke, double strokeWidth = 2, string? dash = null)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" points=\"{Points(points)}\"");
        AppendStroke(stroke, strokeWidth);
        if (dash is not null)
        {
            _body.Append(CultureInfo.InvariantCulture, $" stroke-dasharray=\"{dash}\"");
        }

        _body.Append(" stroke-linejoin=\"round\"/>\n");
        return this;
    }

    public SvgWriter Polygon(IEnumerable<(double X, double Y)> points, string fill, string? stroke = null, double strokeWidth = 1)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{Points(points)}\" fill=\"{fill}\"");
        AppendStroke(stroke, strokeWidth);
        _body.Append("/>\n");
        return this;
    }

    public SvgWriter Circle(double cx, double cy, double r, string fill, string? stroke = null, double strokeWidth = 1)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\" fill=\"{fill}\"");
        AppendStroke(stroke, strokeWidth);
        _body.Append("/>\n");
        return this;
    }

    /// <summary>Writes text; <paramref name="anchor"/> is start, middle or end; <paramref name="rotate"/> in degrees about the anchor point.</summary>
    public SvgWriter Text(double x, double y, string text, double size = 12, string anchor = "start", string fill = "#222", bool bold = false, double rotate = 0)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{N(size)}\" text-anchor=\"{anchor}\" fill=\"{fill}\"");
        if (bold)
        {
            _body.Append(" font-weight=\"bold\"");
        }

        if (rotate != 0)
        {
            _body.Append(CultureInfo.InvariantCulture, $" transform=\"rotate({N(rotate)} {N(x)} {N(y)})\"");
        }

        _body.Append('>').Append(SecurityElement.Escape(text)).Append("</text>\n");
        return this;
    }

    /// <summary>An arrow from (x1, y1) to (x2, y2) with a small head.</summary>
    public SvgWriter Arrow(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1)
    {
        Line(x1, y1, x2, y2, stroke, strokeWidth);
        var angle = Math.Atan2(y2 - y1, x2 - x1);
        var length = Math.Min(5, Math.Sqrt(((x2 - x1) * (x2 - x1)) + ((y2 - y1) * (y2 - y1))) * 0.6);
        var left = (x2 - (length * Math.Cos(angle - 0.45)), y2 - (length * Math.Sin(angle - 0.45)));
        var right = (x2 - (length * Math.Cos(angle + 0.45)), y2 - (length * Math.Sin(angle + 0.45)));
        return Polygon([(x2, y2), left, right], stroke);
    }

    public override string ToString()
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(Width)}\" height=\"{N(Height)}\" viewBox=\"0 0 {N(Width)} {N(Height)}\" font-family=\"Helvetica, Arial, sans-serif\">\n");
        svg.Append("<title>").Append(SecurityElement.Escape(Title)).Append("</title>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{N(Width)}\" height=\"{N(Height)}\" fill=\"#ffffff\"/>\n");
        svg.Append(_body);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    internal static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Points(IEnumerable<(double X, double Y)> points) => string.Join(' ', points.Select(p => $"{N(p.X)},{N(p.Y)}"));

    private void AppendStroke(string? stroke, double width)
    {
        if (stroke is not null)
        {
            _body.Append(CultureInfo.InvariantCulture, $" stroke=\"{stroke}\" stroke-width=\"{N(width)}\"");
        }
    }
}

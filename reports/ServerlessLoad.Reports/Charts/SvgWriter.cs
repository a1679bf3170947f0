using System.Globalization;
using System.Text;

namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// Writes one SVG document of <see cref="Width"/> x <see cref="Height"/>. Styling is by presentation attributes only
/// (no style sheet, no ids), so several charts can be inlined into one HTML page without affecting each other.
/// Coordinates are rounded to 0.1 px and formatted invariantly, so the same chart always yields the same bytes.
/// </summary>
internal sealed class SvgWriter
{
    public const double Width = 1200;
    public const double Height = 600;
    public const string FontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

    private readonly StringBuilder svg = new(16 * 1024);

    public SvgWriter(string title)
    {
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1200 600\" width=\"1200\" height=\"600\" role=\"img\" font-family=\"")
            .Append(FontFamily)
            .Append("\">\n<title>")
            .Append(Xml.Escape(title))
            .Append("</title>\n");
        Rect(0, 0, Width, Height, ChartPalette.Background);
    }

    public void Text(double x, double y, string text, double size, string fill, TextAnchor anchor = TextAnchor.Start, bool bold = false, bool rotated = false, bool halo = false)
    {
        svg.Append("<text x=\"").Append(Number(x)).Append("\" y=\"").Append(Number(y))
            .Append("\" font-size=\"").Append(Number(size)).Append("\" fill=\"").Append(fill).Append('"');
        if (anchor != TextAnchor.Start)
        {
            svg.Append(" text-anchor=\"").Append(anchor == TextAnchor.Middle ? "middle" : "end").Append('"');
        }

        if (bold)
        {
            svg.Append(" font-weight=\"600\"");
        }

        if (halo)
        {
            svg.Append(" stroke=\"").Append(ChartPalette.Background).Append("\" stroke-width=\"4\" stroke-linejoin=\"round\" paint-order=\"stroke\"");
        }

        if (rotated)
        {
            svg.Append(" transform=\"rotate(-90 ").Append(Number(x)).Append(' ').Append(Number(y)).Append(")\"");
        }

        svg.Append('>').Append(Xml.Escape(text)).Append("</text>\n");
    }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        svg.Append("<line x1=\"").Append(Number(x1)).Append("\" y1=\"").Append(Number(y1))
            .Append("\" x2=\"").Append(Number(x2)).Append("\" y2=\"").Append(Number(y2))
            .Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(Number(width)).Append('"');
        AppendDash(dash);
        svg.Append("/>\n");
    }

    public void Rect(double x, double y, double width, double height, string fill, double opacity = 1, string? stroke = null)
    {
        svg.Append("<rect x=\"").Append(Number(x)).Append("\" y=\"").Append(Number(y))
            .Append("\" width=\"").Append(Number(Math.Max(0, width))).Append("\" height=\"").Append(Number(Math.Max(0, height)))
            .Append("\" fill=\"").Append(fill).Append('"');
        if (opacity < 1)
        {
            svg.Append(" fill-opacity=\"").Append(Number2(opacity)).Append('"');
        }

        if (stroke is not null)
        {
            svg.Append(" stroke=\"").Append(stroke).Append('"');
        }

        svg.Append("/>\n");
    }

    public void Circle(double x, double y, double radius, string fill)
    {
        svg.Append("<circle cx=\"").Append(Number(x)).Append("\" cy=\"").Append(Number(y))
            .Append("\" r=\"").Append(Number(radius)).Append("\" fill=\"").Append(fill).Append("\"/>\n");
    }

    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double width, string? dash = null, double opacity = 1)
    {
        svg.Append("<polyline fill=\"none\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(Number(width))
            .Append("\" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
        AppendDash(dash);
        if (opacity < 1)
        {
            svg.Append(" stroke-opacity=\"").Append(Number2(opacity)).Append('"');
        }

        svg.Append(" points=\"");
        var first = true;
        foreach (var (x, y) in points)
        {
            if (!first)
            {
                svg.Append(' ');
            }

            svg.Append(Number(x)).Append(',').Append(Number(y));
            first = false;
        }

        svg.Append("\"/>\n");
    }

    /// <summary>Opens a group; <paramref name="series"/> names what it holds (data-series), for readers and tests.</summary>
    public void BeginGroup(string series, string? kind = null)
    {
        svg.Append("<g data-series=\"").Append(Xml.Escape(series)).Append('"');
        if (kind is not null)
        {
            svg.Append(" data-kind=\"").Append(kind).Append('"');
        }

        svg.Append(">\n");
    }

    /// <summary>Opens a group holding one axis' ticks and labels (data-axis: x, y or y2).</summary>
    public void BeginAxis(string axis) => svg.Append("<g data-axis=\"").Append(axis).Append("\">\n");

    public void EndGroup() => svg.Append("</g>\n");

    public string Finish() => svg.Append("</svg>\n").ToString();

    /// <summary>0.1 px precision is below what any display shows; "-0" is normalized so output does not depend on sign noise.</summary>
    public static string Number(double value)
    {
        var rounded = Math.Round(value, 1, MidpointRounding.AwayFromZero);
        if (rounded == 0)
        {
            return "0";
        }

        return rounded.ToString("0.#", CultureInfo.InvariantCulture);
    }

    private static string Number2(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private void AppendDash(string? dash)
    {
        if (dash is not null)
        {
            svg.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        }
    }
}

internal enum TextAnchor
{
    Start,
    Middle,
    End,
}

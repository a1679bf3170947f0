using System.Globalization;
using System.Xml.Linq;
using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

/// <summary>A drawn chart's SVG parsed as XML (which fails on any malformed output), with its texts and where they are.</summary>
internal sealed class SvgChart
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private SvgChart(XDocument document) => Document = document;

    public XDocument Document { get; }

    public XElement Root => Document.Root!;

    public IReadOnlyList<SvgText> TextItems => Root.Descendants(Svg + "text").Select(SvgText.From).ToList();

    public IReadOnlyList<string> Texts => TextItems.Select(t => t.Text).ToList();

    public static SvgChart Parse(string svg) => new(XDocument.Parse(svg));

    public static SvgChart Of(ChartDefinition chart) => Parse(ChartImage.Svg(chart));

    /// <summary>The labels written along one line, such as an axis' ticks (texts whose anchor has this y).</summary>
    public IReadOnlyList<SvgText> Row(double y) => TextItems.Where(t => Math.Abs(t.Y - y) < 0.5).OrderBy(t => t.Left).ToList();

    /// <summary>The time labels under the plot: the lowest row of texts that holds more than one.</summary>
    public IReadOnlyList<SvgText> BottomTicks() =>
        TextItems.GroupBy(t => Math.Round(t.Y, 1)).Where(g => g.Count() > 1).OrderByDescending(g => g.Key).First().OrderBy(t => t.Left).ToList();
}

/// <summary>
/// One text of the SVG: Skia writes each glyph's x offset from the text's anchor (a translate), so its extent is known:
/// from the first glyph to the end of the last (estimated at 0.7 em).
/// </summary>
internal sealed record SvgText(string Text, double X, double Y, double Left, double Right)
{
    public static SvgText From(XElement element)
    {
        var (tx, ty) = Translate((string?)element.Attribute("transform"));
        var size = double.Parse((string?)element.Attribute("font-size") ?? "12", CultureInfo.InvariantCulture);
        var offsets = ((string?)element.Attribute("x") ?? "0")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .ToList();
        return new SvgText(element.Value.Trim(), tx, ty, tx + offsets[0], tx + offsets[^1] + (0.7 * size));
    }

    private static (double X, double Y) Translate(string? transform)
    {
        if (transform is null || !transform.StartsWith("translate(", StringComparison.Ordinal))
        {
            return (0, 0);
        }

        var parts = transform["translate(".Length..^1].Split(' ', ',', StringSplitOptions.RemoveEmptyEntries);
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : 0);
    }
}

using System.Globalization;
using System.Xml.Linq;
using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

/// <summary>A rendered chart parsed as XML (which fails on any malformed output), with queries for the tests.</summary>
internal sealed class SvgChart
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private SvgChart(XDocument document) => Document = document;

    public XDocument Document { get; }

    public XElement Root => Document.Root!;

    public string Title => Root.Element(Svg + "title")!.Value;

    public IReadOnlyList<string> Texts => Root.Descendants(Svg + "text").Select(t => t.Value).ToList();

    public static SvgChart Parse(string svg) => new(XDocument.Parse(svg));

    public IReadOnlyList<XElement> Groups(string kind) =>
        Root.Descendants(Svg + "g").Where(g => (string?)g.Attribute("data-kind") == kind).ToList();

    public XElement Series(string name, string kind = "series") =>
        Groups(kind).Single(g => (string?)g.Attribute("data-series") == name);

    /// <summary>Points drawn as lines for one series (all of its polylines).</summary>
    public int LinePoints(string name, string kind = "series") =>
        Series(name, kind).Elements(Svg + "polyline").Sum(p => ((string)p.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);

    /// <summary>The labels of an axis (x, y or y2) with their anchor point and estimated horizontal extent.</summary>
    public IReadOnlyList<AxisLabel> AxisLabels(string axis)
    {
        var group = Root.Descendants(Svg + "g").SingleOrDefault(g => (string?)g.Attribute("data-axis") == axis);
        if (group is null)
        {
            return [];
        }

        return group.Elements(Svg + "text").Select(t =>
        {
            var x = Number(t, "x");
            var width = TextMetrics.Width(t.Value, Number(t, "font-size"));
            var anchor = (string?)t.Attribute("text-anchor") ?? "start";
            var left = anchor switch { "middle" => x - (width / 2), "end" => x - width, _ => x };
            return new AxisLabel(t.Value, left, left + width, Number(t, "y"));
        }).ToList();
    }

    public static double Number(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);
}

internal sealed record AxisLabel(string Text, double Left, double Right, double Y);

using System.Text;
using ServerlessLoad.Core.Histograms;
using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Publishing;

/// <summary>One file of a run's published report.</summary>
public sealed record Artifact(string Name, byte[] Data, string ContentType)
{
    public static Artifact Text(string name, string text, string contentType) => new(name, Encoding.UTF8.GetBytes(text), contentType);
}

/// <summary>What a report renders from: the report, the merged latency histogram, and the baseline if any.</summary>
public sealed record ReportInputs(
    RunReport Report,
    LatencyHistogram? MergedLatency,
    RunReport? BaselineReport,
    BaselineComparison? Baseline,
    string PlanYaml);

/// <summary>
/// A report's text artifacts (SVG charts included), and the charts still to be drawn as PNG: drawing those takes most
/// of the rendering time, so a caller can store the texts meanwhile.
/// </summary>
public sealed record PreparedReport(IReadOnlyList<Artifact> Texts, IReadOnlyList<ReportChart> PngCharts);

/// <summary>
/// Renders every artifact of a report (pure): report.json, report.md, report.html (with the SVG charts inline),
/// junit.xml, plan.yaml, and every chart as charts/*.svg and, with PNGs on, charts/*.png, which report.md then links.
/// </summary>
public static class ReportArtifacts
{
    public const string ChartsFolder = "charts/";

    /// <summary>Every artifact, the PNG charts drawn here (on several cores when there are).</summary>
    public static IReadOnlyList<Artifact> Render(ReportInputs inputs, bool withPng)
    {
        var prepared = Prepare(inputs, withPng);
        var pngs = new Artifact[prepared.PngCharts.Count];
        Parallel.For(0, pngs.Length, i => pngs[i] = Png(prepared.PngCharts[i]));
        return [.. prepared.Texts, .. pngs];
    }

    /// <summary>The text artifacts, and the charts to draw with <see cref="Png"/> (none when <paramref name="withPng"/> is off).</summary>
    public static PreparedReport Prepare(ReportInputs inputs, bool withPng)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var charts = ChartSet.From(inputs.Report, inputs.MergedLatency, inputs.BaselineReport);
        var svgs = new string[charts.Count];
        Parallel.For(0, charts.Count, i => svgs[i] = charts[i].Svg());
        var links = charts.Select(c => ChartsFolder + (withPng ? c.PngFile : c.File)).ToList();
        var inline = charts.Select((c, i) => (c.File, Svg: svgs[i])).ToDictionary(c => c.File, c => c.Svg, StringComparer.Ordinal);

        var texts = new List<Artifact>
        {
            Artifact.Text("report.json", ReportJson.Render(inputs.Report), "application/json"),
            Artifact.Text("report.md", ReportMarkdown.Render(inputs.Report, links, inputs.Baseline), "text/markdown; charset=utf-8"),
            Artifact.Text("report.html", ReportHtml.Render(inputs.Report, inline), "text/html; charset=utf-8"),
            Artifact.Text("junit.xml", JUnitReport.Render(inputs.Report), "application/xml"),
            Artifact.Text("plan.yaml", inputs.PlanYaml, "application/yaml"),
        };
        texts.AddRange(charts.Select((c, i) => Artifact.Text(ChartsFolder + c.File, svgs[i], "image/svg+xml")));
        return new PreparedReport(texts, withPng ? charts : []);
    }

    public static Artifact Png(ReportChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return new Artifact(ChartsFolder + chart.PngFile, ChartImage.Png(chart.Definition), "image/png");
    }
}

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
/// Renders every text artifact of a report (pure): report.json, report.md, report.html, junit.xml, plan.yaml and the
/// SVG charts. PNG versions of the charts are rasterized by the caller (Chromium) and linked from report.md when
/// <paramref name="withPng"/> says they will exist.
/// </summary>
public static class ReportArtifacts
{
    public const string ChartsFolder = "charts/";

    public static IReadOnlyList<Artifact> Render(ReportInputs inputs, bool withPng)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var charts = ChartSet.From(inputs.Report, inputs.MergedLatency, inputs.BaselineReport);
        var ordered = ChartSet.DisplayOrder.Where(charts.ContainsKey).Concat(charts.Keys.Except(ChartSet.DisplayOrder)).ToList();
        var links = ordered.Select(name => ChartsFolder + (withPng ? Path.ChangeExtension(name, ".png") : name)).ToList();

        var artifacts = new List<Artifact>
        {
            Artifact.Text("report.json", ReportJson.Render(inputs.Report), "application/json"),
            Artifact.Text("report.md", ReportMarkdown.Render(inputs.Report, links, inputs.Baseline), "text/markdown; charset=utf-8"),
            Artifact.Text("report.html", ReportHtml.Render(inputs.Report, charts), "text/html; charset=utf-8"),
            Artifact.Text("junit.xml", JUnitReport.Render(inputs.Report), "application/xml"),
            Artifact.Text("plan.yaml", inputs.PlanYaml, "application/yaml"),
        };
        artifacts.AddRange(ordered.Select(name => Artifact.Text(ChartsFolder + name, charts[name], "image/svg+xml")));
        return artifacts;
    }
}

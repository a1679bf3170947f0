using ServerlessLoad.Reports.Imaging;
using ServerlessLoad.Reports.Publishing;

namespace ServerlessLoad.Cli.Direct;

/// <summary>
/// Writes a report's artifacts to a directory, as the pipeline publishes them: the text artifacts and SVG charts, plus
/// a PNG of every chart when Chromium is installed (report.md then links the PNGs).
/// </summary>
internal static class DirectArtifacts
{
    public static async Task<IReadOnlyList<string>> WriteAsync(string directory, ReportInputs inputs, string chromiumPath = Chromium.DefaultExecutablePath)
    {
        var withPng = File.Exists(chromiumPath);
        var artifacts = ReportArtifacts.Render(inputs, withPng).ToList();
        if (withPng)
        {
            var charts = artifacts.Where(a => a.Name.EndsWith(".svg", StringComparison.Ordinal)).ToList();
            try
            {
                await using var rasterizer = new PngRasterizer(chromiumPath);
                var pngs = await rasterizer.RenderManyAsync(charts.Select(c => System.Text.Encoding.UTF8.GetString(c.Data)).ToList()).ConfigureAwait(false);
                artifacts.AddRange(charts.Zip(pngs, (chart, png) => new Artifact(Path.ChangeExtension(chart.Name, ".png"), png, "image/png")));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The report is complete without pictures; say why they are missing rather than fail the run.
                artifacts.Add(Artifact.Text("charts/README.txt", $"PNG charts could not be drawn ({e.Message}); the SVG charts beside this file are complete.", "text/plain"));
            }
        }

        foreach (var artifact in artifacts)
        {
            var path = Path.Combine(directory, artifact.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, artifact.Data).ConfigureAwait(false);
        }

        return [.. artifacts.Select(a => a.Name).Where(n => !n.StartsWith(ReportArtifacts.ChartsFolder, StringComparison.Ordinal)), ReportArtifacts.ChartsFolder];
    }
}

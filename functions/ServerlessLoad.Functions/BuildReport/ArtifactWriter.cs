using System.Text;
using ServerlessLoad.Reports;
using ServerlessLoad.Reports.Publishing;

namespace ServerlessLoad.Functions.BuildReport;

/// <summary>
/// Renders a report's artifacts and hands each to a writer as soon as it exists: the text artifacts are written while
/// Chromium draws the charts' PNGs, and several writes run at once, so the report's last stages cost about as long as
/// the slowest of drawing and storing instead of their sum.
/// </summary>
internal static class ArtifactWriter
{
    /// <summary>Writes in flight at once; the store answers several requests concurrently.</summary>
    public const int ConcurrentWrites = 4;

    /// <summary>Every text artifact, plus a PNG for every SVG chart when Chromium is there.</summary>
    public static async Task WriteAsync(ReportInputs inputs, ChartImages images, Func<Artifact, CancellationToken, Task> write, CancellationToken ct)
    {
        var withPng = images.Available;
        var artifacts = ReportArtifacts.Render(inputs, withPng);
        var texts = ForEachAsync(artifacts, write, ct);
        var pngs = withPng ? DrawAndWriteAsync(artifacts, images, write, ct) : Task.CompletedTask;
        await Task.WhenAll(texts, pngs).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="action"/> over the items, at most <see cref="ConcurrentWrites"/> at once.</summary>
    public static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, Task> action, CancellationToken ct) =>
        Parallel.ForEachAsync(
            items,
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentWrites, CancellationToken = ct },
            async (item, token) => await action(item, token).ConfigureAwait(false));

    private static async Task DrawAndWriteAsync(IReadOnlyList<Artifact> artifacts, ChartImages images, Func<Artifact, CancellationToken, Task> write, CancellationToken ct)
    {
        var charts = artifacts.Where(a => a.Name.EndsWith(".svg", StringComparison.Ordinal)).ToList();
        if (charts.Count == 0 || await images.TryRenderAsync(charts.Select(c => Encoding.UTF8.GetString(c.Data)).ToList()).ConfigureAwait(false) is not { } pngs)
        {
            return;
        }

        var drawn = charts.Zip(pngs, (chart, png) => new Artifact(Path.ChangeExtension(chart.Name, ".png"), png, "image/png"));
        await ForEachAsync(drawn, write, ct).ConfigureAwait(false);
    }
}

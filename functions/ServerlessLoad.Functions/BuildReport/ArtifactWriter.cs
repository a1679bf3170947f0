using ServerlessLoad.Reports.Charts;
using ServerlessLoad.Reports.Publishing;

namespace ServerlessLoad.Functions.BuildReport;

/// <summary>
/// Renders a report's artifacts and hands each to a writer as soon as it exists: the text artifacts are written while
/// the charts' PNGs are drawn, and several writes run at once, so the report's last stages cost about as long as the
/// slowest of drawing and storing instead of their sum.
/// </summary>
internal static class ArtifactWriter
{
    /// <summary>Writes in flight at once; the store answers several requests concurrently.</summary>
    public const int ConcurrentWrites = 4;

    /// <summary>Every text artifact, plus a PNG for every chart when PNGs are on.</summary>
    public static async Task WriteAsync(ReportInputs inputs, ChartImages images, Func<Artifact, CancellationToken, Task> write, CancellationToken ct)
    {
        var prepared = ReportArtifacts.Prepare(inputs, images.Available);
        var texts = ForEachAsync(prepared.Texts, write, ct);
        var pngs = DrawAndWriteAsync(prepared.PngCharts, images, write, ct);
        await Task.WhenAll(texts, pngs).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="action"/> over the items, at most <see cref="ConcurrentWrites"/> at once.</summary>
    public static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, Task> action, CancellationToken ct) =>
        Parallel.ForEachAsync(
            items,
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentWrites, CancellationToken = ct },
            async (item, token) => await action(item, token).ConfigureAwait(false));

    /// <summary>Each chart written as soon as it is drawn; <see cref="ChartImages"/> bounds how many are drawn at once.</summary>
    private static Task DrawAndWriteAsync(IReadOnlyList<ReportChart> charts, ChartImages images, Func<Artifact, CancellationToken, Task> write, CancellationToken ct) =>
        Task.WhenAll(charts.Select(async chart => await write(await images.DrawAsync(chart, ct).ConfigureAwait(false), ct).ConfigureAwait(false)));
}

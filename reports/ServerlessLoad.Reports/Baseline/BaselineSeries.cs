namespace ServerlessLoad.Reports;

/// <summary>
/// Per-second samples of a run (or of one request name) that the significance test compares with the baseline's:
/// p95 latency (ms) for the latency metrics, requests per second for rps, failure fraction for failures.rate.
/// </summary>
public sealed record BaselineSeries(IReadOnlyList<double> P95Ms, IReadOnlyList<double> Rps, IReadOnlyList<double> FailureRate)
{
    public static BaselineSeries Empty { get; } = new([], [], []);

    /// <summary>
    /// The run-wide series from <see cref="RunReport.PerSecond"/>. A second without requests has no latency and no
    /// failure rate, so it only counts for rps.
    /// </summary>
    public static BaselineSeries RunWide(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var measured = report.PerSecond.Where(s => s.Requests > 0).ToList();
        return new BaselineSeries(
            P95Ms: measured.Select(s => s.P95Ms).ToList(),
            Rps: report.PerSecond.Select(s => s.Rps).ToList(),
            FailureRate: measured.Select(s => (double)s.Failures / s.Requests).ToList());
    }
}

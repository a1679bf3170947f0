namespace ServerlessLoad.Reports.Tests.Baseline;

/// <summary>Reports holding just what a baseline comparison reads: totals, requests and per-second values.</summary>
internal static class BaselineReports
{
    public static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static RunReport Run(string runId, Figures totals, params RequestReport[] requests) => new()
    {
        RunId = runId,
        Plan = new PlanInfo("checkout", 1, 60),
        Verdict = "passed",
        StartedAt = Start,
        EndedAt = Start.AddSeconds(60),
        DurationSeconds = 60,
        MeasuredSeconds = 60,
        Totals = new TotalsReport(1000, 0, totals.FailureRate, totals.Rps, 0, 0, Latency(totals), new Dictionary<string, long>()),
        Requests = requests,
        Thresholds = [],
        Slices = [],
        PerSecond = [],
        FailureCategories = [],
        Errors = [],
    };

    public static RequestReport Request(string name, Figures figures) => new(
        name, "GET", null, 1000, 0, figures.FailureRate, figures.Rps, 0, 0, Latency(figures), new Dictionary<string, long>(), []);

    /// <summary>Per-second values: one second per (rps, p95, failures) entry, with requests equal to rps.</summary>
    public static RunReport WithSeconds(this RunReport report, IEnumerable<(double Rps, double P95Ms, long Failures)> seconds) =>
        report with
        {
            PerSecond = seconds
                .Select((s, i) => new SecondReport(i, (long)s.Rps, s.Failures, s.Rps, s.P95Ms / 2, s.P95Ms, s.P95Ms * 1.2, 10))
                .ToList(),
        };

    /// <summary>Seconds whose p95 and rps scatter around the given values, deterministically from the seed.</summary>
    public static IEnumerable<(double Rps, double P95Ms, long Failures)> Noisy(int seed, int count, double rps, double p95Ms)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => (Math.Round(rps + random.Next(-5, 6)), Math.Round(p95Ms * (0.95 + 0.1 * random.NextDouble()), 3), 0L))
            .ToList();
    }

    private static LatencySummary Latency(Figures figures) =>
        LatencySummary.Empty with { P50 = figures.P50, P95 = figures.P95, P99 = figures.P99 };
}

internal sealed record Figures(double P50 = 10, double P95 = 20, double P99 = 30, double Rps = 100, double FailureRate = 0.01);

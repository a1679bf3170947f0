using ServerlessLoad.Core.Histograms;
using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

/// <summary>Reports and histograms of any length with a known, deterministic shape.</summary>
internal static class ChartTestData
{
    public static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>
    /// A run of <paramref name="seconds"/> seconds: load ramps up over the first tenth, latency follows a slow wave
    /// with a spike at the middle second, one failure every 7 seconds, and seconds listed in <paramref name="idle"/>
    /// have no requests at all.
    /// </summary>
    public static RunReport Report(int seconds, string runId = "run-1", string planName = "checkout", params long[] idle)
    {
        var idleSeconds = idle.ToHashSet();
        var perSecond = new List<SecondReport>(seconds);
        for (var s = 0; s < seconds; s++)
        {
            if (idleSeconds.Contains(s))
            {
                perSecond.Add(new SecondReport(s, 0, 0, 0, 0, 0, 0, 0));
                continue;
            }

            var ramp = Math.Min(1.0, (s + 1) / Math.Max(1.0, seconds / 10.0));
            var requests = (long)Math.Round(200 * ramp);
            var wave = Math.Sin(s / Math.Max(1.0, seconds / 6.0));
            var p50 = Math.Round(20 + (5 * wave), 3);
            var spike = s == seconds / 2 ? 400 : 0;
            perSecond.Add(new SecondReport(
                s,
                requests,
                s % 7 == 0 ? 1 : 0,
                requests,
                p50,
                Math.Round((p50 * 1.8) + spike, 3),
                Math.Round((p50 * 2.6) + spike, 3),
                (int)Math.Round(50 * ramp)));
        }

        var total = perSecond.Sum(s => s.Requests);
        var failures = perSecond.Sum(s => s.Failures);
        var latency = new LatencySummary(3.2, 21.5, 6.1, 20.1, 24.3, 31.9, 36.4, 52.7, 410.2, 425.9);
        return new RunReport
        {
            RunId = runId,
            Plan = new PlanInfo(planName, 2, seconds),
            Verdict = "passed",
            Trigger = "api",
            StartedAt = Start,
            EndedAt = Start.AddSeconds(seconds),
            DurationSeconds = seconds,
            MeasuredSeconds = Math.Max(1, seconds),
            Totals = new TotalsReport(total, failures, total == 0 ? 0 : (double)failures / total, total / Math.Max(1.0, seconds), 100 * total, 1000 * total, total == 0 ? LatencySummary.Empty : latency, new Dictionary<string, long> { ["200"] = total - failures, ["500"] = failures }),
            Requests = total == 0 ? [] :
            [
                Request("home", total / 2, latency),
                Request("search", total / 3, latency with { P95 = 61.25 }),
                Request("checkout", total - (total / 2) - (total / 3), latency with { P95 = 118.5 }),
            ],
            Thresholds = [],
            Slices = [],
            PerSecond = perSecond,
            FailureCategories = [],
            Errors = [],
        };
    }

    public static RequestReport Request(string name, long requests, LatencySummary latency) => new(
        name, "GET", "http://127.0.0.1:8080/" + name, requests, 0, 0, requests / 60.0, 100 * requests, 1000 * requests, latency,
        new Dictionary<string, long> { ["200"] = requests }, []);

    /// <summary>Each chart drawn as SVG by its file name, as report.html gets them.</summary>
    public static IReadOnlyDictionary<string, string> Svgs(IReadOnlyList<ReportChart> charts) =>
        charts.ToDictionary(c => c.File, c => c.Svg(), StringComparer.Ordinal);

    /// <summary>10,000 latencies from about 2 ms to 2 s, most near 20 ms, with a slow tail.</summary>
    public static LatencyHistogram Histogram()
    {
        var histogram = new LatencyHistogram();
        var random = new Random(42);
        for (var i = 0; i < 10_000; i++)
        {
            // Log-normal around 20 ms: exp of a sum of uniforms approximates a normal exponent.
            var exponent = (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 1.2;
            var micros = (long)(20_000 * Math.Exp(exponent));
            if (i % 500 == 0)
            {
                micros *= 40;
            }

            histogram.RecordMicros(micros);
        }

        return histogram;
    }
}

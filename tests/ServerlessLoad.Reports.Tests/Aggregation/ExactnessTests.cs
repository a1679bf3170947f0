using FsCheck.Xunit;
using ServerlessLoad.Core.Histograms;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Reports.Tests.Aggregation;

/// <summary>
/// Raw latencies spread over many slices and seconds: the merged report must say what the raw samples say, and every
/// count must reconcile.
/// </summary>
public class ExactnessTests
{
    private static readonly string[] Names = ["home", "search", "checkout"];
    private static readonly double[] Percentiles = [50, 75, 90, 95, 99, 99.9];

    /// <summary>Reports round to whole microseconds: half a microsecond, plus slack for binary fractions of ms.</summary>
    private const double Rounding = 0.5 + 1e-6;

    [Property(MaxTest = 30)]
    public void Merged_percentiles_equal_the_exact_percentiles_of_the_raw_samples(int seed, byte sliceChoice)
    {
        var slices = 1 + (sliceChoice % 16);
        var (rows, raw) = Generate(new Random(seed), slices);

        var report = ReportBuilder.Build(TestData.Facts(TestData.Plan()), rows);

        var all = raw.Values.SelectMany(v => v).ToList();
        if (all.Count == 0)
        {
            report.Totals.LatencyMs.ShouldBe(LatencySummary.Empty);
            return;
        }

        AssertMatches(report.Totals.LatencyMs, all);
        foreach (var request in report.Requests.Where(r => r.Requests > 0))
        {
            AssertMatches(request.LatencyMs, raw[request.Name]);
        }
    }

    [Property(MaxTest = 30)]
    public void Every_count_reconciles(int seed, byte sliceChoice)
    {
        var slices = 1 + (sliceChoice % 16);
        var (rows, raw) = Generate(new Random(seed), slices);

        var merged = Reports.Aggregation.Merge(rows);
        var report = ReportBuilder.Build(TestData.Facts(TestData.Plan()), merged);

        long rawCount = raw.Values.Sum(v => v.Count);
        report.Totals.Requests.ShouldBe(rawCount);
        report.Requests.Sum(r => r.Requests).ShouldBe(rawCount);
        merged.Totals.Latency.TotalCount.ShouldBe(rawCount);
        merged.ByRequest.Values.Sum(r => r.Latency.TotalCount).ShouldBe(rawCount);
        report.PerSecond.Sum(s => s.Requests).ShouldBe(rawCount);
        report.Slices.Sum(s => s.Requests).ShouldBe(rawCount);
        report.Totals.StatusCodes.Values.Sum().ShouldBe(rawCount);
        report.Totals.Failures.ShouldBe(report.Slices.Sum(s => s.Failures));
        report.Totals.Failures.ShouldBe(report.PerSecond.Sum(s => s.Failures));
    }

    [Property(MaxTest = 20)]
    public void The_merged_histogram_is_the_histogram_of_all_raw_samples(int seed, byte sliceChoice)
    {
        var (rows, raw) = Generate(new Random(seed), 1 + (sliceChoice % 16));
        var direct = new LatencyHistogram();
        foreach (var sample in raw.Values.SelectMany(v => v))
        {
            direct.RecordMicros(sample);
        }

        var merged = Reports.Aggregation.Merge(rows).Totals.Latency;

        merged.Buckets().ShouldBe(direct.Buckets());
        merged.MinMicros.ShouldBe(direct.MinMicros);
        merged.MaxMicros.ShouldBe(direct.MaxMicros);
        merged.SumMicros.ShouldBe(direct.SumMicros);
    }

    [Fact]
    public void Merging_in_any_order_gives_the_same_report()
    {
        var (rows, _) = Generate(new Random(7), 5);
        var shuffled = rows.OrderBy(_ => Guid.NewGuid()).ToList();

        var a = ReportJson.Render(ReportBuilder.Build(TestData.Facts(TestData.Plan()), rows));
        var b = ReportJson.Render(ReportBuilder.Build(TestData.Facts(TestData.Plan()), shuffled));

        b.ShouldBe(a);
    }

    [Property(MaxTest = 30)]
    public void Scenario_and_kind_views_reconcile_with_the_totals_and_the_raw_samples(int seed, byte sliceChoice)
    {
        var counts = new RawCounts();
        var (rows, raw) = Generate(new Random(seed), 1 + (sliceChoice % 16), StepNames, counts);

        var report = ReportBuilder.Build(TestData.Facts(FullRunData.Plan()), rows);

        long rawCount = raw.Values.Sum(v => v.Count);
        report.Totals.Requests.ShouldBe(rawCount);
        report.Scenarios.Sum(s => s.Requests).ShouldBe(rawCount);
        report.Kinds.Sum(k => k.Requests).ShouldBe(rawCount);
        report.Scenarios.Sum(s => s.Failures).ShouldBe(report.Totals.Failures);
        report.Kinds.Sum(k => k.Failures).ShouldBe(report.Totals.Failures);
        report.Scenarios.Sum(s => s.BytesReceived).ShouldBe(report.Totals.BytesReceived);
        report.Kinds.Sum(k => k.StatusCodes.Values.Sum()).ShouldBe(rawCount);

        report.Totals.Checks.ShouldBe(counts.Checks);
        report.Totals.ChecksFailed.ShouldBe(counts.ChecksFailed);
        report.Requests.Sum(r => r.Checks).ShouldBe(counts.Checks);
        report.Scenarios.Sum(s => s.Checks).ShouldBe(counts.Checks);
        report.Kinds.Sum(k => k.ChecksFailed).ShouldBe(counts.ChecksFailed);

        report.Totals.DroppedArrivals.ShouldBe(counts.Dropped);
        report.PerSecond.Sum(s => s.DroppedArrivals).ShouldBe(counts.Dropped);
        report.Slices.Sum(s => s.DroppedArrivals).ShouldBe(counts.Dropped);
        report.Scenarios.Single(s => s.Name == "chat").DroppedArrivals.ShouldBe(counts.Dropped);
        report.PerSecond.Sum(s => s.AchievedArrivals ?? 0).ShouldBe(raw["login"].Count);
        report.Scenarios.Single(s => s.Name == "chat").Iterations.ShouldBe(raw["login"].Count);

        foreach (var scenario in report.Scenarios.Where(s => s.Requests > 0))
        {
            AssertMatches(scenario.LatencyMs, scenario.Metrics.SelectMany(m => raw[m]).ToList());
        }

        foreach (var kind in report.Kinds.Where(k => k.Requests > 0))
        {
            var keys = report.Requests.Where(r => r.Kind == kind.Kind).Select(r => r.Name);
            AssertMatches(kind.LatencyMs, keys.SelectMany(k => raw[k]).ToList());
        }
    }

    private static readonly string[] StepNames = ["home", "login", "chat.connect", "chat.roundtrip"];

    private sealed class RawCounts
    {
        public long Checks { get; set; }

        public long ChecksFailed { get; set; }

        public long Dropped { get; set; }
    }

    private static void AssertMatches(LatencySummary summary, List<long> samples)
    {
        var sorted = samples.Order().ToArray();
        foreach (var p in Percentiles)
        {
            var exact = NearestRank(sorted, p);
            var reported = summary.P(p) * 1000;
            Math.Abs(reported - exact).ShouldBeLessThanOrEqualTo(exact * 0.001 + Rounding, $"p{p} of {sorted.Length} samples");
        }

        (summary.Min * 1000).ShouldBe(sorted[0], Rounding);
        (summary.Max * 1000).ShouldBe(sorted[^1], Rounding);
        (summary.Mean * 1000).ShouldBe(sorted.Average(), Rounding);
    }

    /// <summary>The exact nearest-rank percentile: the smallest sample with at least p% of samples at or below it.</summary>
    private static long NearestRank(long[] sorted, double p)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(p / 100.0 * sorted.Length));
        return sorted[rank - 1];
    }

    /// <summary>Rows for a run of up to 40 seconds with the given slice count; a latency mix of fast, slow and outliers.</summary>
    private static (List<SliceSecond> Rows, Dictionary<string, List<long>> Raw) Generate(Random random, int slices) =>
        Generate(random, slices, Names, new RawCounts());

    /// <summary>As above for the given names; checks and dropped arrivals (of scenario "chat") are counted into <paramref name="counts"/>.</summary>
    private static (List<SliceSecond> Rows, Dictionary<string, List<long>> Raw) Generate(Random random, int slices, string[] names, RawCounts counts)
    {
        var raw = names.ToDictionary(n => n, _ => new List<long>());
        var rows = new List<SliceSecond>();
        var seconds = random.Next(1, 40);
        for (var slice = 0; slice < slices; slice++)
        {
            for (var second = 0; second < seconds; second++)
            {
                if (random.Next(10) == 0)
                {
                    continue; // slices start late or stop early
                }

                var requests = new Dictionary<string, RequestStats>(StringComparer.Ordinal);
                foreach (var name in names)
                {
                    var count = random.Next(0, 30);
                    if (count == 0)
                    {
                        continue;
                    }

                    var stats = new RequestStats();
                    for (var i = 0; i < count; i++)
                    {
                        var micros = Latency(random);
                        var failed = random.Next(20) == 0;
                        stats.Requests++;
                        stats.Failures += failed ? 1 : 0;
                        var status = failed ? "503" : "200";
                        stats.StatusCodes[status] = stats.StatusCodes.GetValueOrDefault(status) + 1;
                        stats.Latency.RecordMicros(micros);
                        raw[name].Add(micros);
                    }

                    stats.Checks = random.Next(0, 3) * stats.Requests;
                    stats.ChecksFailed = random.Next(0, (int)stats.Checks + 1);
                    counts.Checks += stats.Checks;
                    counts.ChecksFailed += stats.ChecksFailed;
                    requests[name] = stats;
                }

                var dropped = random.Next(0, 4);
                counts.Dropped += dropped;
                rows.Add(new SliceSecond
                {
                    RunId = "run-1",
                    Slice = slice,
                    Attempt = 1,
                    Second = second,
                    ActiveVus = 1,
                    Requests = requests,
                    DroppedArrivals = dropped == 0 ? new Dictionary<string, long>() : new Dictionary<string, long> { ["chat"] = dropped },
                });
            }
        }

        return (rows, raw);
    }

    private static long Latency(Random random) => random.Next(100) switch
    {
        < 70 => random.NextInt64(200, 5_000),
        < 97 => random.NextInt64(5_000, 200_000),
        _ => random.NextInt64(200_000, 30_000_000),
    };
}

internal static class LatencySummaryExtensions
{
    public static double P(this LatencySummary summary, double percentile) => percentile switch
    {
        50 => summary.P50,
        75 => summary.P75,
        90 => summary.P90,
        95 => summary.P95,
        99 => summary.P99,
        99.9 => summary.P999,
        _ => throw new ArgumentOutOfRangeException(nameof(percentile)),
    };
}

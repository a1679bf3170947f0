using System.Text;
using FsCheck.Xunit;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Reports.Tests.Aggregation;

/// <summary>The report's read path merges rows with their JSON still encoded; it must agree with merging decoded rows.</summary>
public class EncodedMergeTests
{
    private static readonly string[] Names = ["home", "search", "checkout"];

    [Property(MaxTest = 40)]
    public void Merging_encoded_rows_gives_the_same_results_as_merging_decoded_rows(int seed)
    {
        var slices = Rows(new Random(seed));
        var keep = new HashSet<string>(StringComparer.Ordinal) { "search" };
        var decoded = new Reports.Aggregation.MergeBuilder(keep);
        var encoded = new Reports.Aggregation.MergeBuilder(keep);

        foreach (var rows in slices)
        {
            decoded.AddSlice(rows);
            encoded.AddSlice(rows.Select(Encode).ToList());
        }

        ShouldBeSame(encoded.Build(), decoded.Build());
    }

    [Fact]
    public void A_repeated_second_keeps_the_row_of_the_highest_attempt_whichever_comes_first()
    {
        var first = Row(0, 4, attempt: 1, latency: 1_000);
        var retried = Row(0, 4, attempt: 2, latency: 9_000);
        var builder = new Reports.Aggregation.MergeBuilder();

        builder.AddSlice([Encode(retried), Encode(first), Encode(retried)]);
        var merged = builder.Build();

        merged.Totals.Requests.ShouldBe(1);
        merged.Totals.Latency.MaxMicros.ShouldBe(9_000);
        merged.Slices.Single().Attempt.ShouldBe(2);
        merged.StoredSeconds[0].ShouldBe([new StoredSecond(4, 2)]);
    }

    [Fact]
    public void Encoded_rows_carry_dropped_arrivals_and_generator_health_like_decoded_ones()
    {
        var (_, rows) = FullRunData.Run();
        var decoded = new Reports.Aggregation.MergeBuilder();
        var encoded = new Reports.Aggregation.MergeBuilder();
        foreach (var slice in rows.GroupBy(r => r.Slice))
        {
            decoded.AddSlice(slice.ToList());
            encoded.AddSlice(slice.Select(Encode).ToList());
        }

        var (a, e) = (encoded.Build(), decoded.Build());

        a.DroppedArrivalsPerSlice.ShouldBe(e.DroppedArrivalsPerSlice);
        a.DroppedArrivalsPerSlice.Values.Sum().ShouldBe(3);
        a.DroppedArrivals.Keys.ShouldBe(e.DroppedArrivals.Keys);
        a.Health.Keys.ShouldBe([0, 1], ignoreOrder: true);
        a.Health[0].SaturatedSeconds.ShouldBe(e.Health[0].SaturatedSeconds);
        a.Health[0].CpuPercentMax.ShouldBe(95);
        a.Health[1].Seconds.ShouldBe(2);
    }

    [Fact]
    public void A_second_without_requests_still_counts_its_virtual_users()
    {
        var builder = new Reports.Aggregation.MergeBuilder();

        builder.AddSlice([new EncodedSliceSecond { Slice = 0, Attempt = 1, Second = 0, ActiveVus = 7, RequestsJson = Array.Empty<byte>() }]);
        var merged = builder.Build();

        merged.Seconds.Single().ActiveVus.ShouldBe(7);
        merged.Totals.Requests.ShouldBe(0);
        merged.Slices.Single().SecondsWithData.ShouldBe(1);
    }

    private static void ShouldBeSame(MergedResults actual, MergedResults expected)
    {
        Encoded(actual.Totals).ShouldBe(Encoded(expected.Totals));
        actual.ByRequest.Keys.Order().ShouldBe(expected.ByRequest.Keys.Order());
        foreach (var (name, stats) in expected.ByRequest)
        {
            Encoded(actual.ByRequest[name]).ShouldBe(Encoded(stats), name);
        }

        actual.Seconds.Count.ShouldBe(expected.Seconds.Count);
        foreach (var (a, e) in actual.Seconds.Zip(expected.Seconds))
        {
            (a.Second, a.ActiveVus).ShouldBe((e.Second, e.ActiveVus));
            Encoded(a.Totals).ShouldBe(Encoded(e.Totals), $"second {e.Second}");
            SliceSecondCodec.EncodeRequests(a.Requests).ShouldBe(SliceSecondCodec.EncodeRequests(e.Requests), $"second {e.Second}");
        }

        actual.Slices.ShouldBe(expected.Slices);
        actual.MeasuredSeconds.ShouldBe(expected.MeasuredSeconds);
        actual.StoredSeconds.Keys.ShouldBe(expected.StoredSeconds.Keys);
        foreach (var (slice, stored) in expected.StoredSeconds)
        {
            actual.StoredSeconds[slice].ShouldBe(stored);
        }
    }

    private static string Encoded(RequestStats stats) =>
        SliceSecondCodec.EncodeRequests(new Dictionary<string, RequestStats> { ["x"] = stats });

    private static EncodedSliceSecond Encode(SliceSecond row) => new()
    {
        Slice = row.Slice,
        Attempt = row.Attempt,
        Second = row.Second,
        ActiveVus = row.ActiveVus,
        RequestsJson = row.Requests.Count == 0 ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(SliceSecondCodec.EncodeRequests(row.Requests)),
        DroppedJson = row.DroppedArrivals.Count == 0 ? null : SliceSecondCodec.EncodeDropped(row.DroppedArrivals),
        HealthJson = row.Health is null ? null : SliceSecondCodec.EncodeHealth(row.Health),
    };

    private static SliceSecond Row(int slice, long second, int attempt, long latency)
    {
        var stats = new RequestStats { Requests = 1 };
        stats.StatusCodes["200"] = 1;
        stats.Latency.RecordMicros(latency);
        return new SliceSecond
        {
            RunId = "run-1", Slice = slice, Attempt = attempt, Second = second, ActiveVus = 1,
            Requests = new Dictionary<string, RequestStats> { ["home"] = stats },
        };
    }

    /// <summary>Slices of rows with failures and samples, seconds missing, and some seconds written again by a later attempt.</summary>
    private static List<List<SliceSecond>> Rows(Random random)
    {
        var slices = new List<List<SliceSecond>>();
        var seconds = random.Next(1, 30);
        for (var slice = 0; slice < random.Next(1, 6); slice++)
        {
            var rows = new List<SliceSecond>();
            for (var second = 0; second < seconds; second++)
            {
                if (random.Next(8) == 0)
                {
                    continue;
                }

                for (var attempt = 1; attempt <= (random.Next(6) == 0 ? 2 : 1); attempt++)
                {
                    rows.Add(new SliceSecond
                    {
                        RunId = "run-1", Slice = slice, Attempt = attempt, Second = second, ActiveVus = random.Next(0, 5),
                        Requests = Requests(random),
                    });
                }
            }

            slices.Add([.. rows.OrderBy(_ => random.Next())]);
        }

        return slices;
    }

    private static Dictionary<string, RequestStats> Requests(Random random)
    {
        var requests = new Dictionary<string, RequestStats>(StringComparer.Ordinal);
        foreach (var name in Names.Where(_ => random.Next(3) > 0))
        {
            var stats = new RequestStats();
            for (var i = random.Next(0, 25); i > 0; i--)
            {
                var failed = random.Next(6) == 0;
                var status = failed ? "503" : "200";
                stats.Requests++;
                stats.StatusCodes[status] = stats.StatusCodes.GetValueOrDefault(status) + 1;
                if (failed)
                {
                    stats.Failures++;
                    stats.FailureCategories["status"] = stats.FailureCategories.GetValueOrDefault("status") + 1;
                    stats.AddSample("status", $"HTTP 503 GET /{name}?page={random.Next(6)}");
                }

                stats.Latency.RecordMicros(random.NextInt64(150, 2_000_000));
                stats.ServiceTime.RecordMicros(random.NextInt64(150, 200_000));
            }

            requests[name] = stats;
        }

        return requests;
    }
}

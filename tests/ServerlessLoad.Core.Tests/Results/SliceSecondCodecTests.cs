using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Core.Tests.Results;

public class SliceSecondCodecTests
{
    [Fact]
    public void Request_stats_round_trip_with_their_histograms()
    {
        var stats = new RequestStats { Requests = 3, Failures = 1, BytesSent = 30, BytesReceived = 300 };
        stats.StatusCodes["200"] = 2;
        stats.StatusCodes["500"] = 1;
        stats.FailureCategories["status"] = 1;
        stats.AddSample("status", "HTTP 500 GET /x");
        stats.Latency.RecordMicros(1000);
        stats.Latency.RecordMicros(2000);
        stats.Latency.RecordMicros(3000);

        var json = SliceSecondCodec.EncodeRequests(new Dictionary<string, RequestStats> { ["home"] = stats });
        var back = SliceSecondCodec.DecodeRequests(json)["home"];

        back.Requests.ShouldBe(3);
        back.Failures.ShouldBe(1);
        back.BytesReceived.ShouldBe(300);
        back.StatusCodes["500"].ShouldBe(1);
        back.FailureSamples["status"].ShouldBe(["HTTP 500 GET /x"]);
        back.Latency.TotalCount.ShouldBe(3);
        back.Latency.MaxMicros.ShouldBe(3000);
    }

    [Fact]
    public void Adding_stats_sums_counts_and_keeps_a_few_samples()
    {
        var a = new RequestStats { Requests = 1 };
        var b = new RequestStats { Requests = 2, Failures = 2 };
        for (var i = 0; i < 5; i++)
        {
            b.AddSample("timeout", $"t{i}");
        }

        a.Add(b);
        a.Requests.ShouldBe(3);
        a.Failures.ShouldBe(2);
        a.FailureSamples["timeout"].Count.ShouldBe(RequestStats.MaxSamplesPerCategory);
    }

    [Fact]
    public void Service_time_time_to_first_byte_and_connect_time_round_trip_beside_the_latency()
    {
        var stats = new RequestStats { Requests = 2 };
        stats.Latency.RecordMicros(900_000);
        stats.Latency.RecordMicros(1_000);
        stats.ServiceTime.RecordMicros(800);
        stats.ServiceTime.RecordMicros(1_000);
        stats.TimeToFirstByte.RecordMicros(700);
        stats.ConnectTime.RecordMicros(150);

        var back = SliceSecondCodec.DecodeRequests(SliceSecondCodec.EncodeRequests(new Dictionary<string, RequestStats> { ["api"] = stats }))["api"];

        back.Latency.MaxMicros.ShouldBe(900_000);
        (back.ServiceTime.TotalCount, back.ServiceTime.MaxMicros).ShouldBe((2L, 1_000L));
        (back.TimeToFirstByte.TotalCount, back.TimeToFirstByte.MaxMicros).ShouldBe((1L, 700L));
        (back.ConnectTime.TotalCount, back.ConnectTime.MaxMicros).ShouldBe((1L, 150L));
    }

    [Fact]
    public void Rows_written_before_the_newer_histograms_existed_still_decode_with_them_empty()
    {
        var latency = new Core.Histograms.LatencyHistogram();
        latency.RecordMicros(1_000);
        var json = $$$"""{"home":{"n":1,"bs":10,"br":20,"s":{"200":1},"h":"{{{latency.Encode()}}}"}}""";

        var home = SliceSecondCodec.DecodeRequests(json)["home"];

        home.Requests.ShouldBe(1);
        home.Latency.TotalCount.ShouldBe(1);
        home.ServiceTime.TotalCount.ShouldBe(0);
        home.TimeToFirstByte.TotalCount.ShouldBe(0);
        home.ConnectTime.TotalCount.ShouldBe(0);
        SliceSecondCodec.DecodeHealth(null).ShouldBeNull();
        SliceSecondCodec.DecodeDropped(null).ShouldBeEmpty();
    }

    [Fact]
    public void Empty_newer_histograms_are_left_out_of_the_row()
    {
        var stats = new RequestStats { Requests = 1 };
        stats.Latency.RecordMicros(5);

        SliceSecondCodec.EncodeRequests(new Dictionary<string, RequestStats> { ["a"] = stats }).ShouldNotContain("\"st\"");
    }

    [Fact]
    public void Generator_health_and_dropped_arrivals_round_trip()
    {
        var health = new GeneratorHealth
        {
            CpuPercent = 93.5,
            WorkingSetBytes = 80_000_000,
            GcHeapBytes = 12_000_000,
            GcPauseMicros = 1_500,
            LagP99Micros = 1_200,
            LagMaxMicros = 9_000,
            InFlight = 40,
            ActiveVus = 50,
        };

        SliceSecondCodec.DecodeHealth(SliceSecondCodec.EncodeHealth(health)).ShouldBe(health);
        SliceSecondCodec.DecodeDropped(SliceSecondCodec.EncodeDropped(new Dictionary<string, long> { ["open"] = 7 }))
            .ShouldBe(new Dictionary<string, long> { ["open"] = 7 });
    }

    [Fact]
    public void Adding_stats_adds_every_histogram()
    {
        var a = new RequestStats();
        var b = new RequestStats();
        a.ServiceTime.RecordMicros(1);
        b.ServiceTime.RecordMicros(2);
        b.TimeToFirstByte.RecordMicros(3);
        b.ConnectTime.RecordMicros(4);

        a.Add(b);

        (a.ServiceTime.TotalCount, a.TimeToFirstByte.TotalCount, a.ConnectTime.TotalCount).ShouldBe((2L, 1L, 1L));
    }
}

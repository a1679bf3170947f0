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
}

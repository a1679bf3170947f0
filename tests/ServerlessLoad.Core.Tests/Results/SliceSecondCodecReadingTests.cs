using System.Text;
using FsCheck.Xunit;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Core.Tests.Results;

public class SliceSecondCodecReadingTests
{
    [Property(MaxTest = 100)]
    public void Reading_a_row_gives_the_same_figures_as_decoding_it(int seed)
    {
        var requests = RandomRequests(new Random(seed));
        var json = SliceSecondCodec.EncodeRequests(requests);

        var read = Read(json);

        read.Keys.ShouldBe(requests.Keys);
        SliceSecondCodec.EncodeRequests(read).ShouldBe(SliceSecondCodec.EncodeRequests(SliceSecondCodec.DecodeRequests(json)));
    }

    [Fact]
    public void Every_field_is_read()
    {
        var stats = new RequestStats { Requests = 3, Failures = 1, BytesSent = 30, BytesReceived = 300, Checks = 6, ChecksFailed = 2 };
        stats.StatusCodes["200"] = 2;
        stats.StatusCodes["0"] = 1;
        stats.FailureCategories["timeout"] = 1;
        stats.AddSample("timeout", "GET /x timed out after 5s");
        stats.Latency.RecordMicros(5_000_000);
        stats.ServiceTime.RecordMicros(4_000);
        stats.TimeToFirstByte.RecordMicros(3_000);
        stats.ConnectTime.RecordMicros(200);

        var back = Read(SliceSecondCodec.EncodeRequests(new Dictionary<string, RequestStats> { ["api"] = stats }))["api"];

        (back.Requests, back.Failures, back.BytesSent, back.BytesReceived, back.Checks, back.ChecksFailed).ShouldBe((3L, 1L, 30L, 300L, 6L, 2L));
        back.StatusCodes.ShouldBe(new Dictionary<string, long> { ["200"] = 2, ["0"] = 1 });
        back.FailureCategories["timeout"].ShouldBe(1);
        back.FailureSamples["timeout"].ShouldBe(["GET /x timed out after 5s"]);
        back.Latency.MaxMicros.ShouldBe(5_000_000);
        back.ServiceTime.MaxMicros.ShouldBe(4_000);
        back.TimeToFirstByte.MaxMicros.ShouldBe(3_000);
        back.ConnectTime.MaxMicros.ShouldBe(200);
    }

    [Fact]
    public void Numbers_given_as_strings_and_unknown_fields_are_read_as_the_decoder_reads_them()
    {
        const string json = """{"home":{"n":"4","f":1,"later":{"x":[1,2]},"s":{"200":3,"500":"1"},"h":null}}""";

        var read = Read(json)["home"];
        var decoded = SliceSecondCodec.DecodeRequests(json)["home"];

        read.Requests.ShouldBe(4);
        read.StatusCodes["500"].ShouldBe(1);
        (read.Requests, read.Failures, read.Latency.TotalCount).ShouldBe((decoded.Requests, decoded.Failures, decoded.Latency.TotalCount));
    }

    [Fact]
    public void A_truncated_row_is_refused()
    {
        var json = SliceSecondCodec.EncodeRequests(RandomRequests(new Random(1)));

        Should.Throw<System.Text.Json.JsonException>(() => Read(json[..(json.Length / 2)]));
    }

    private static Dictionary<string, RequestStats> Read(string json)
    {
        var read = new Dictionary<string, RequestStats>(StringComparer.Ordinal);
        SliceSecondCodec.ReadRequests(Encoding.UTF8.GetBytes(json), new EncodedRequestStats(), (name, stats) =>
        {
            var into = new RequestStats();
            into.Add(stats, withDistributions: true);
            read.Add(name, into);
        });
        return read;
    }

    private static Dictionary<string, RequestStats> RandomRequests(Random random)
    {
        var requests = new Dictionary<string, RequestStats>(StringComparer.Ordinal);
        for (var n = random.Next(0, 6); n > 0; n--)
        {
            var stats = new RequestStats { BytesSent = random.Next(0, 3) * 1000L, BytesReceived = random.Next(0, 100_000) };
            var count = random.Next(0, 40);
            for (var i = 0; i < count; i++)
            {
                var failed = random.Next(5) == 0;
                stats.Requests++;
                var status = failed ? (random.Next(2) == 0 ? "503" : "0") : "200";
                stats.StatusCodes[status] = stats.StatusCodes.GetValueOrDefault(status) + 1;
                if (failed)
                {
                    stats.Failures++;
                    var category = status == "0" ? "timeout" : "status";
                    stats.FailureCategories[category] = stats.FailureCategories.GetValueOrDefault(category) + 1;
                    stats.AddSample(category, $"GET /p{random.Next(5)} \"quoted\" + <tag> é");
                }

                stats.Latency.RecordMicros(random.NextInt64(100, 10_000_000));
                if (random.Next(2) == 0)
                {
                    stats.ServiceTime.RecordMicros(random.NextInt64(100, 100_000));
                    stats.TimeToFirstByte.RecordMicros(random.NextInt64(50, 50_000));
                }

                if (random.Next(10) == 0)
                {
                    stats.ConnectTime.RecordMicros(random.NextInt64(100, 5_000));
                }
            }

            stats.Checks = random.Next(0, 3) * stats.Requests;
            stats.ChecksFailed = stats.Checks == 0 ? 0 : random.Next(0, (int)stats.Checks + 1);
            requests[$"req {n} \"é\""] = stats;
        }

        return requests;
    }
}

using System.Text;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Storage.Tests.Pipeline;

[Collection(TableAzuriteCollection.Name)]
public sealed class EncodedSecondsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_slice_reads_back_encoded_with_its_keys_and_the_json_it_was_written_with()
    {
        var store = new PipelineStore(azurite.Storage);
        await store.EnsureCreatedAsync();
        var runId = TestNames.Table("enc");
        var small = Requests(names: 2);
        var large = Requests(names: 400); // more than one Data column's 30,000 characters
        await store.WriteSecondsAsync(
        [
            Row(runId, second: 0, attempt: 1, small),
            Row(runId, second: 1, attempt: 2, large),
            Row(runId, second: 2, attempt: 1, new Dictionary<string, RequestStats>()),
        ]);

        var rows = await store.ReadEncodedSecondsAsync(runId, slice: 3);

        rows.Select(r => (r.Slice, r.Second, r.Attempt, r.ActiveVus)).ShouldBe([(3, 0L, 1, 5), (3, 1L, 2, 5), (3, 2L, 1, 5)]);
        Text(rows[0]).ShouldBe(SliceSecondCodec.EncodeRequests(small));
        Text(rows[1]).Length.ShouldBeGreaterThan(30_000);
        Text(rows[1]).ShouldBe(SliceSecondCodec.EncodeRequests(large));
        SliceSecondCodec.DecodeRequests(Text(rows[2])).ShouldBeEmpty();
        (await store.ReadEncodedSecondsAsync(runId, slice: 4)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Health_and_dropped_arrivals_come_back_with_the_encoded_rows()
    {
        var store = new PipelineStore(azurite.Storage);
        await store.EnsureCreatedAsync();
        var runId = TestNames.Table("encgen");
        await store.WriteSecondsAsync(
        [
            Row(runId, second: 0, attempt: 1, Requests(names: 1)) with { DroppedArrivals = new Dictionary<string, long> { ["chat"] = 2 } },
            Row(runId, second: 1, attempt: 1, Requests(names: 1)) with { Health = null },
        ]);

        var rows = await store.ReadEncodedSecondsAsync(runId, slice: 3);

        SliceSecondCodec.DecodeDropped(rows[0].DroppedJson).ShouldBe(new Dictionary<string, long> { ["chat"] = 2 });
        SliceSecondCodec.DecodeHealth(rows[0].HealthJson)!.CpuPercent.ShouldBe(12);
        rows[1].DroppedJson.ShouldBeNull();
        rows[1].HealthJson.ShouldBeNull();
    }

    private static string Text(EncodedSliceSecond row) => Encoding.UTF8.GetString(row.RequestsJson.Span);

    private static SliceSecond Row(string runId, long second, int attempt, Dictionary<string, RequestStats> requests) => new()
    {
        RunId = runId, Slice = 3, Attempt = attempt, Second = second, ActiveVus = 5, Requests = requests,
        Health = new GeneratorHealth { CpuPercent = 12 },
    };

    private static Dictionary<string, RequestStats> Requests(int names)
    {
        var requests = new Dictionary<string, RequestStats>(StringComparer.Ordinal);
        for (var n = 0; n < names; n++)
        {
            var stats = new RequestStats { Requests = 3 };
            stats.StatusCodes["200"] = 3;
            stats.Latency.RecordMicros(1_000 + n);
            stats.Latency.RecordMicros(20_000 + n);
            stats.Latency.RecordMicros(900_000 + n);
            requests[$"request-{n}"] = stats;
        }

        return requests;
    }
}

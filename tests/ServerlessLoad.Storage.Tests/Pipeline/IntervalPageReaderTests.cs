using System.Text;
using System.Text.Json;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Storage.Tests.Pipeline;

public sealed class IntervalPageReaderTests
{
    [Fact]
    public void A_page_reads_into_rows_with_their_keys_and_unescaped_json()
    {
        const string page = """
            {"odata.metadata":"http://127.0.0.1/devstoreaccount1/$metadata#Intervals","value":[
              {"odata.etag":"W/\"x\"","PartitionKey":"run-3","RowKey":"0000000007","Timestamp":"2026-01-01T00:00:00Z",
               "Slice":3,"Attempt":2,"Second@odata.type":"Edm.Int64","Second":"7","ActiveVus":5,"Chunks":1,
               "Health":"{\"cpuPercent\":1}","Data0":"{\"home\":{\"n\":1,\"h\":\"AQ\u002B=\"}}"},
              {"Slice":3,"Attempt":1,"Second":8,"Chunks":2,"Data1":"ef","Data0":"abc\u00e9d"}
            ]}
            """;
        var rows = new List<EncodedSliceSecond>();

        IntervalPageReader.Read(Encoding.UTF8.GetBytes(page), rows);

        rows.Select(r => (r.Slice, r.Attempt, r.Second, r.ActiveVus)).ShouldBe([(3, 2, 7L, 5), (3, 1, 8L, 0)]);
        Encoding.UTF8.GetString(rows[0].RequestsJson.Span).ShouldBe("""{"home":{"n":1,"h":"AQ+="}}""");
        Encoding.UTF8.GetString(rows[1].RequestsJson.Span).ShouldBe("abcédef", "chunks join in their order, whatever order they come in");
    }

    [Fact]
    public void Health_and_dropped_arrivals_are_read_as_their_stored_json()
    {
        const string page = """
            {"value":[
              {"Slice":0,"Attempt":1,"Second":"2","Dropped":"{\"chat\":4}","Health":"{\"cpuPercent\":95.5,\"lagP99Micros\":70000}","Data0":""},
              {"Slice":0,"Attempt":1,"Second":"3","Data0":""}
            ]}
            """;
        var rows = new List<EncodedSliceSecond>();

        IntervalPageReader.Read(Encoding.UTF8.GetBytes(page), rows);

        SliceSecondCodec.DecodeDropped(rows[0].DroppedJson).ShouldBe(new Dictionary<string, long> { ["chat"] = 4 });
        SliceSecondCodec.DecodeHealth(rows[0].HealthJson)!.IsSaturated.ShouldBeTrue();
        rows[1].DroppedJson.ShouldBeNull();
        rows[1].HealthJson.ShouldBeNull();
    }

    [Fact]
    public void A_page_without_rows_reads_as_none()
    {
        var rows = new List<EncodedSliceSecond>();

        IntervalPageReader.Read("""{"value":[]}"""u8, rows);

        rows.ShouldBeEmpty();
    }

    [Fact]
    public void A_cut_off_page_is_refused()
    {
        Should.Throw<JsonException>(() => IntervalPageReader.Read("""{"value":[{"Slice":1,"""u8, []));
    }
}

using System.Text;
using ServerlessLoad.Core.Messages;

namespace ServerlessLoad.Core.Tests.Messages;

public class MessageCodecTests
{
    [Fact]
    public void A_slice_message_round_trips_through_base64_json()
    {
        var message = new SliceMessage("r1", 2, 4, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var body = MessageCodec.Encode(message);
        MessageCodec.Decode<SliceMessage>(body).ShouldBe(message);
        Encoding.UTF8.GetString(Convert.FromBase64String(body)).ShouldContain("\"runId\":\"r1\"");
    }

    [Fact]
    public void Every_message_type_round_trips()
    {
        MessageCodec.Decode<RunRequestMessage>(MessageCodec.Encode(new RunRequestMessage("r"))).ShouldBe(new RunRequestMessage("r"));
        var ev = new SliceEventMessage("r", 1, 2, "completed", 10, 1, "boom");
        MessageCodec.Decode<SliceEventMessage>(MessageCodec.Encode(ev)).ShouldBe(ev);
        MessageCodec.Decode<ReportMessage>(MessageCodec.Encode(new ReportMessage("r"))).ShouldBe(new ReportMessage("r"));
    }

    [Fact]
    public void A_plain_json_body_is_accepted() =>
        MessageCodec.Decode<ReportMessage>("{\"runId\":\"abc\"}").RunId.ShouldBe("abc");

    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void A_traced_message_carries_the_senders_traceparent_and_keeps_its_own()
    {
        var sent = MessageCodec.Decode<SliceMessage>(MessageCodec.Encode(new SliceMessage("r", 0, 1, DateTimeOffset.UnixEpoch), TraceParent));
        sent.TraceParent.ShouldBe(TraceParent);
        sent.RunId.ShouldBe("r");

        var own = new ReportMessage("r") { TraceParent = "00-11111111111111111111111111111111-2222222222222222-01" };
        MessageCodec.Decode<ReportMessage>(MessageCodec.Encode(own, TraceParent)).TraceParent.ShouldBe(own.TraceParent);
    }

    [Fact]
    public void A_message_from_before_tracing_decodes_without_a_trace() =>
        MessageCodec.Decode<SliceEventMessage>("{\"runId\":\"r\",\"index\":1,\"attempt\":1,\"status\":\"completed\",\"requests\":3,\"failures\":0}")
            .TraceParent.ShouldBeNull();
}

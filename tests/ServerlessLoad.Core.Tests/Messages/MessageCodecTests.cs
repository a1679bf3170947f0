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
}

using ServerlessLoad.Runner.Engine.Http2;

namespace ServerlessLoad.Runner.Tests.Engine.Http2;

/// <summary>The engine's HPACK: request blocks it writes, and the status it finds in response blocks (RFC 7541 examples).</summary>
public sealed class HpackTests
{
    [Theory]
    [InlineData(new byte[] { 0x88 }, 200)]
    [InlineData(new byte[] { 0x8d }, 404)]
    [InlineData(new byte[] { 0x20, 0x88 }, 200)]
    [InlineData(new byte[] { 0x08, 0x03, (byte)'2', (byte)'0', (byte)'1' }, 201)]
    [InlineData(new byte[] { 0x48, 0x03, (byte)'4', (byte)'1', (byte)'8' }, 418)]
    [InlineData(new byte[] { 0x48, 0x82, 0x64, 0x02 }, 302)]
    [InlineData(new byte[] { 0x48, 0x83, 0x64, 0x0e, 0xff }, 307)]
    [InlineData(new byte[] { 0x0f, 0x10, 0x01, (byte)'x', 0x88 }, 200)]
    public void The_status_is_found_whether_indexed_literal_or_huffman_coded(byte[] block, int status) =>
        Hpack.ReadStatus(block).ShouldBe(status);

    [Fact]
    public void A_block_without_a_status_is_trailers() =>
        Hpack.ReadStatus([0x00, 0x01, (byte)'a', 0x01, (byte)'b']).ShouldBe(0);

    [Fact]
    public void A_reference_to_the_dynamic_table_is_refused_because_the_engine_turned_it_off() =>
        Should.Throw<Http2ProtocolException>(() => Hpack.ReadStatus([0xbe])).Message.ShouldContain("entry 62");

    [Fact]
    public void A_truncated_string_is_a_protocol_error() =>
        Should.Throw<Http2ProtocolException>(() => Hpack.ReadStatus([0x08, 0x05, (byte)'2']));

    [Theory]
    [InlineData(new byte[] { 0x10, 0x01 }, "200")]
    [InlineData(new byte[] { 0x68, 0x0d, 0x7f }, "404")]
    [InlineData(new byte[] { 0x64, 0x02 }, "302")]
    [InlineData(new byte[] { 0x1f }, null)]
    [InlineData(new byte[] { 0x18, 0xff }, null)]
    public void Huffman_coded_digits_decode_and_anything_else_does_not(byte[] coded, string? digits)
    {
        var decoded = new byte[3];
        var count = Hpack.DecodeHuffmanDigits(coded, decoded);

        (count < 0 ? null : System.Text.Encoding.ASCII.GetString(decoded, 0, count)).ShouldBe(digits);
    }

    [Fact]
    public void Integers_use_the_prefix_and_continuation_bytes_of_rfc_7541()
    {
        var block = new List<byte>();
        Hpack.WriteInteger(block, 1337, 5, 0x00);
        block.ShouldBe(new byte[] { 31, 154, 10 });

        var position = 0;
        Hpack.ReadInteger([.. block], ref position, 5).ShouldBe(1337);
        position.ShouldBe(3);
    }
}

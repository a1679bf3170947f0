using ServerlessLoad.Core.Security;

namespace ServerlessLoad.Core.Tests.Security;

public class InputTextTests
{
    [Fact]
    public void Short_clean_text_comes_back_as_it_is() => InputText.Clean("nightly-run").ShouldBe("nightly-run");

    [Fact]
    public void Control_characters_are_written_out_so_no_log_line_can_be_forged() =>
        InputText.Clean("a\r\nb\0c\u0007\u2028").ShouldBe("a\\r\\nb\\0c\\u0007\\u2028");

    [Fact]
    public void Long_text_is_cut_to_the_length_asked_for()
    {
        var cleaned = InputText.Clean(new string('x', 1_000_000), 40);

        cleaned.Length.ShouldBe(40);
        cleaned.ShouldEndWith("...");
    }

    [Fact]
    public void No_echo_is_ever_longer_than_two_hundred_characters() =>
        InputText.Clean(new string('\n', 10_000), 5000).Length.ShouldBeLessThanOrEqualTo(InputText.MaxEcho);
}

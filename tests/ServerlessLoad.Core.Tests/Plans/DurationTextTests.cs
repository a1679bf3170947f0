using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

public class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("20s", 20_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1h2m3s", 3_723_000)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0.25h", 900_000)]
    [InlineData("20", 20_000)]
    [InlineData("2.5", 2_500)]
    [InlineData(" 5s ", 5_000)]
    [InlineData("0s", 0)]
    public void Reads_plan_durations(string text, int expectedMilliseconds)
    {
        DurationText.TryParse(text, out var duration).ShouldBeTrue();
        duration.ShouldBe(TimeSpan.FromMilliseconds(expectedMilliseconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("30s1m")]
    [InlineData("1s1s")]
    [InlineData("5 s")]
    [InlineData("5sec")]
    [InlineData("5d")]
    [InlineData("-5s")]
    [InlineData("1.s")]
    [InlineData(".5s")]
    [InlineData("1.2.3s")]
    [InlineData("1m30")]
    [InlineData("99999999999999999999999999999h")]
    [InlineData("9999999999999h")]
    public void Rejects_anything_else(string text) => DurationText.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(500, "500ms")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_723_004, "1h2m3s4ms")]
    [InlineData(90_000_000, "25h")]
    public void Formats_whole_milliseconds_with_units_largest_first(int milliseconds, string expected) =>
        DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)).ShouldBe(expected);

    [Fact]
    public void Formats_sub_millisecond_durations_as_decimal_seconds_that_read_back_exactly()
    {
        var duration = TimeSpan.FromTicks(12_345_678);

        var text = DurationText.Format(duration);

        text.ShouldBe("1.2345678s");
        DurationText.TryParse(text, out var again).ShouldBeTrue();
        again.ShouldBe(duration);
    }

    [Fact]
    public void Refuses_to_format_a_negative_duration() =>
        Should.Throw<ArgumentOutOfRangeException>(() => DurationText.Format(TimeSpan.FromSeconds(-1)));
}

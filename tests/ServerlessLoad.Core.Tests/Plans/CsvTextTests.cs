using ServerlessLoad.Core.Plans.Reading;

namespace ServerlessLoad.Core.Tests.Plans;

public class CsvTextTests
{
    [Fact]
    public void Records_keep_the_line_they_start_on_across_quoted_line_breaks_and_blank_lines()
    {
        var records = CsvText.Read("\uFEFFa,b\r\n\"x\ny\",\"q\"\"q\"\n\n,last\n", out var error)!;

        error.ShouldBeNull();
        records.Select(r => r.Line).ShouldBe([1, 2, 5]);
        records.Select(r => r.Fields).ShouldBe([["a", "b"], ["x\ny", "q\"q"], ["", "last"]]);
    }

    [Fact]
    public void A_last_line_without_a_line_break_is_a_record() =>
        CsvText.Read("a\n1", out _)!.Select(r => r.Fields).ShouldBe([["a"], ["1"]]);

    [Theory]
    [InlineData("a\n\"open\n", "line 2: a quoted value is never closed")]
    [InlineData("a\n\"x\"y\n", "line 2: unexpected text after a closing quote")]
    public void Malformed_quoting_is_reported_with_its_line(string text, string message)
    {
        CsvText.Read(text, out var error).ShouldBeNull();

        error.ShouldBe(message);
    }
}

using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

public class XmlTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("<a href=\"x\">'&'</a>", "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")]
    [InlineData("tab\tnew\nline", "tab\tnew\nline")]
    [InlineData("bell\u0007", "bell\ufffd")]
    [InlineData("emoji 😀", "emoji 😀")]
    public void Escape_makes_text_safe_for_markup(string text, string escaped)
    {
        Xml.Escape(text).ShouldBe(escaped);
    }

    [Fact]
    public void A_lone_surrogate_is_replaced_and_a_pair_is_kept()
    {
        Xml.Escape("lone \ud83d surrogate \ud83d\ude00").ShouldBe("lone \ufffd surrogate \ud83d\ude00");
    }

    [Fact]
    public void Sanitize_keeps_markup_characters_for_writers_that_escape_them()
    {
        Xml.Sanitize("a < b \u0000").ShouldBe("a < b \ufffd");
    }
}

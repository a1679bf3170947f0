using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Tests.Plans;

/// <summary>Plans arrive over HTTP from anyone: no text may make the parser throw, hang or blow up.</summary>
public class PlanParserRobustnessTests
{
    private static readonly string[] YamlPieces =
    [
        "name:", "slices:", "target:", "targets:", "scenarios:", "requests:", "vus:", "duration:", "path:", "json:",
        "expect:", "thresholds:", "headers:", " ", "  ", "\n", "\t", "- ", "{", "}", "[", "]", ",", ":", "? ", "---", "...",
        "&a ", "*a", "!!str ", "!!int ", "!tag ", "\"", "'", "#", "|", ">", "%YAML 1.2", "8", "-1", "0x1F", "1e400", ".inf",
        "null", "~", "true", "20s", "1m30s", "/fast", "http://127.0.0.1:5080", "latency.p95 < 500ms", "\\u", "\u00e9",
        "\ud83d\ude00", "\ud83d", "\0", "\r\n", "<<: *a",
    ];

    [Property(MaxTest = 1000)]
    public void Parse_never_throws_for_any_string(string? text) => ParsesWithoutThrowing(text!);

    [Property(MaxTest = 2000)]
    public Property Parse_never_throws_for_yaml_shaped_noise() =>
        Prop.ForAll(
            Arb.From(Gen.ListOf(Gen.Elements(YamlPieces)).Select(pieces => string.Concat(pieces))),
            ParsesWithoutThrowing);

    [Property(MaxTest = 2000)]
    public Property Parse_never_throws_for_a_valid_plan_with_random_edits() =>
        Prop.ForAll(
            Arb.From(
                from edits in Gen.ListOf(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Elements(YamlPieces.Append("").ToArray())), 5)
                select Edit(PlanParserGoodPlansTests.FullPlan, edits)),
            ParsesWithoutThrowing);

    [Fact]
    public void Aliases_that_expand_exponentially_are_refused()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 12; i++)
        {
            var previous = string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10));
            lines.Add($"a{i}: &a{i} [{previous}]");
        }

        var result = PlanParser.Parse(string.Join("\n", lines));

        result.Problems.ShouldHaveSingleItem().Message.ShouldContain("expands to more than 100000 values");
    }

    [Fact]
    public void Deep_nesting_is_refused_instead_of_overflowing_the_stack()
    {
        var text = "name: a\njson: " + new string('[', 5000) + new string(']', 5000);

        var problem = PlanParser.Parse(text).Problems.ShouldHaveSingleItem();

        problem.Message.ShouldContain("nesting deeper than 64 levels");
        problem.Line.ShouldBe(2);
    }

    [Fact]
    public void A_self_referencing_alias_is_an_unknown_anchor_not_a_cycle() =>
        "name: &a [*a]".ShouldHaveOnlyProblem("$", 1, "unknown anchor '*a'");

    [Fact]
    public void A_null_text_is_an_empty_plan() =>
        PlanParser.Parse(null!).Problems.ShouldHaveSingleItem().Message.ShouldBe("the plan is empty");

    private static string Edit(string text, List<(int Position, string Piece)> edits)
    {
        foreach (var (position, piece) in edits)
        {
            var at = position % (text.Length + 1);
            var removed = Math.Min(piece.Length % 3, text.Length - at);
            text = string.Concat(text.AsSpan(0, at), piece, text.AsSpan(at + removed));
        }

        return text;
    }

    private static void ParsesWithoutThrowing(string text)
    {
        var result = PlanParser.Parse(text);

        // Either a plan or problems, never both or neither; every problem names a field and a message.
        (result.Plan is null).ShouldBe(result.Problems.Count > 0);
        result.Problems.ShouldAllBe(p => p.Field.Length > 0 && p.Message.Length > 0 && (p.Line == null || p.Line >= 1));
    }
}

using ServerlessLoad.Core.Schedules;

namespace ServerlessLoad.Core.Tests.Schedules;

public sealed class CronExpressionTests
{
    [Theory]
    [InlineData("0 0 2 * * *")]
    [InlineData("*/10 * * * * *")]
    [InlineData("0 30 9 * * Mon-Fri")]
    [InlineData("0 0 0 29 2 *")]
    [InlineData("  0 15 */2 1,15 * *  ")]
    public void Six_field_expressions_parse(string text) =>
        CronExpression.TryParse(text, out _, out var problems).ShouldBeTrue(string.Join("; ", problems));

    [Fact]
    public void Every_bad_field_is_reported_with_its_column()
    {
        CronExpression.TryParse("61 0 25 * 13 *", out var expression, out var problems).ShouldBeFalse();

        expression.ShouldBeNull();
        problems.Count.ShouldBe(3);
        problems[0].ShouldStartWith("second field '61' (column 1):");
        problems[1].ShouldStartWith("hour field '25' (column 6):");
        problems[2].ShouldStartWith("month field '13' (column 11):");
        problems[1].ShouldContain("between 0 and 23");
    }

    [Fact]
    public void A_five_field_unix_expression_is_refused_with_the_six_field_spelling()
    {
        CronExpression.TryParse("0 2 * * *", out _, out var problems).ShouldBeFalse();

        problems.Single().ShouldBe("has 5 field(s), expected six: second minute hour day month day-of-week; NCRONTAB starts with a seconds field, e.g. '0 0 2 * * *'");
    }

    [Fact]
    public void An_expression_that_names_no_real_date_never_fires_and_is_refused()
    {
        CronExpression.TryParse("0 0 0 31 4 *", out _, out var problems).ShouldBeFalse();

        problems.Single().ShouldStartWith("never fires");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_expression_is_refused(string text) =>
        CronExpression.TryParse(text, out _, out var problems).ShouldBeFalse();

    [Fact]
    public void The_hour_field_decides_whether_a_repeated_hour_fires_twice()
    {
        CronExpression.Parse("0 0 * * * *").RepeatsEveryHour.ShouldBeTrue();
        CronExpression.Parse("0 0 */2 * * *").RepeatsEveryHour.ShouldBeTrue();
        CronExpression.Parse("0 30 2 * * *").RepeatsEveryHour.ShouldBeFalse();
    }

    [Fact]
    public void Parse_throws_with_every_problem() =>
        Should.Throw<FormatException>(() => CronExpression.Parse("x y z 1 1 1")).Message.ShouldContain("hour field 'z'");
}

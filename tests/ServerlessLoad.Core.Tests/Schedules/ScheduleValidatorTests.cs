using ServerlessLoad.Core.Schedules;

namespace ServerlessLoad.Core.Tests.Schedules;

public sealed class ScheduleValidatorTests
{
    private static readonly string[] Loopback = ["127.0.0.1", "localhost"];

    private const string GoodPlan = """
        name: nightly
        target: http://127.0.0.1:5080
        scenarios:
          - name: browse
            vus: 2
            duration: 5s
            requests:
              - path: /fast
        """;

    [Fact]
    public void A_good_schedule_with_an_inline_plan_is_valid_and_timed_in_its_zone()
    {
        var result = ScheduleValidator.Validate(new ScheduleDefinition("nightly", "0 0 2 * * *", "Europe/Paris", GoodPlan), Loopback);

        result.Problems.ShouldBeEmpty();
        result.InlinePlan!.Name.ShouldBe("nightly");
        result.Timing!.Zone.Id.ShouldBe("Europe/Paris");
        result.Timing.Cron.Text.ShouldBe("0 0 2 * * *");
    }

    [Fact]
    public void A_schedule_naming_a_stored_plan_is_valid_without_the_plan()
    {
        var result = ScheduleValidator.Validate(new ScheduleDefinition("nightly", "0 0 2 * * *", PlanName: "checkout"), Loopback);

        result.IsValid.ShouldBeTrue();
        result.Timing!.Zone.ShouldBe(TimeZoneInfo.Utc);
    }

    [Fact]
    public void Every_problem_is_listed_at_once_with_plan_problems_on_their_lines()
    {
        var badPlan = """
            name: nightly
            target: http://127.0.0.1:5080
            scenarios:
              - name: browse
                vus: 0
                duration: 5s
                requests:
                  - path: /fast
            """;

        var result = ScheduleValidator.Validate(new ScheduleDefinition("Nightly!", "0 61 2 * *", "Mars/Olympus", badPlan), Loopback);

        result.IsValid.ShouldBeFalse();
        result.Timing.ShouldBeNull();
        result.Problems.Select(p => p.Field).ShouldBe(["name", "cron", "timeZone", "plan.scenarios[0].vus"]);
        result.Problems[1].Message.ShouldStartWith("has 5 field(s)");
        result.Problems[2].Message.ShouldContain("unknown time zone 'Mars/Olympus'");
        result.Problems[3].Line.ShouldBe(5);
    }

    [Fact]
    public void Both_an_inline_plan_and_a_plan_name_is_a_problem() =>
        ScheduleValidator.Validate(new ScheduleDefinition("a", "0 0 2 * * *", Plan: GoodPlan, PlanName: "b"), Loopback)
            .Problems.Single().Message.ShouldBe("give either an inline plan or planName, not both");

    [Fact]
    public void No_plan_at_all_is_a_problem() =>
        ScheduleValidator.Validate(new ScheduleDefinition("a", "0 0 2 * * *"), Loopback).Problems.Single().Field.ShouldBe("plan");

    [Fact]
    public void An_inline_plan_aimed_at_a_host_nobody_allowed_is_a_problem()
    {
        var result = ScheduleValidator.Validate(new ScheduleDefinition("a", "0 0 2 * * *", Plan: GoodPlan.Replace("127.0.0.1:5080", "example.invalid", StringComparison.Ordinal)), Loopback);

        result.Problems.Single().Field.ShouldBe("plan.targets.default");
    }

    [Fact]
    public void Plan_text_that_is_not_a_plan_is_a_problem_of_the_plan_field() =>
        ScheduleValidator.Validate(new ScheduleDefinition("a", "0 0 2 * * *", Plan: "[1, 2]"), Loopback).Problems.Single().Field.ShouldBe("plan");

    [Theory]
    [InlineData("nightly", true)]
    [InlineData("nightly-checkout_2", true)]
    [InlineData("9am", true)]
    [InlineData("-x", false)]
    [InlineData("Nightly", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    public void Names_are_lowercase_words_safe_in_urls_keys_and_paths(string name, bool valid) =>
        ScheduleNames.IsValid(name).ShouldBe(valid);

    [Fact]
    public void A_name_longer_than_63_characters_is_refused() =>
        ScheduleNames.Problem(new string('a', 64)).ShouldBe("is 64 characters long; at most 63 are allowed");

    [Theory]
    [InlineData("* * * * * *", false)]
    [InlineData("*/30 * * * * *", false)]
    [InlineData("0,1 0 0 * * *", false)]
    [InlineData("0 * * * * *", true)]
    [InlineData("0 0 2 * * *", true)]
    public void A_cron_firing_more_often_than_the_minimum_interval_is_refused(string cron, bool valid)
    {
        var schedule = new ScheduleDefinition("often", cron, Plan: null, PlanName: "stored");

        var result = ScheduleValidator.Validate(schedule, ScheduleRules.Default, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

        result.IsValid.ShouldBe(valid, string.Join("; ", result.Problems));
        if (!valid)
        {
            result.Problems.ShouldHaveSingleItem().Message.ShouldContain("Sload__MinScheduleIntervalSeconds");
        }
    }

    [Fact]
    public void The_minimum_interval_is_a_setting() =>
        ScheduleValidator.Validate(new ScheduleDefinition("often", "*/5 * * * * *", PlanName: "stored"), ScheduleRules.Default with { MinInterval = TimeSpan.FromSeconds(5) }, DateTimeOffset.UnixEpoch)
            .IsValid.ShouldBeTrue();
}

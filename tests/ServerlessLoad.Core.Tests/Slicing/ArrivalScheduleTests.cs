using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Slicing;

namespace ServerlessLoad.Core.Tests.Slicing;

public class ArrivalScheduleTests
{
    [Fact]
    public void A_constant_rate_starts_arrival_k_at_k_periods_and_counts_those_before_the_end()
    {
        var scenario = Constant(rate: 3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        ArrivalSchedule.Count(scenario).ShouldBe(3);
        Enumerable.Range(0, 3).Select(k => ArrivalSchedule.OffsetOf(scenario, k).Ticks).ShouldBe([0L, 3_333_334L, 6_666_667L]);
    }

    [Fact]
    public void The_rate_is_per_time_unit()
    {
        var scenario = Constant(rate: 50, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));

        ArrivalSchedule.Count(scenario).ShouldBe(100);
        ArrivalSchedule.OffsetOf(scenario, 1).ShouldBe(TimeSpan.FromSeconds(1.2));
        ArrivalSchedule.CountBetween(scenario, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(61)).ShouldBe(1);
    }

    [Fact]
    public void A_linear_ramp_starts_as_many_iterations_as_its_area_and_spaces_them_ever_closer()
    {
        var scenario = Ramping(startRate: 0, new Stage(TimeSpan.FromSeconds(10), 10));

        ArrivalSchedule.Count(scenario).ShouldBe(50);
        ArrivalSchedule.CountBefore(scenario, TimeSpan.FromSeconds(5)).ShouldBe(13);
        var offsets = Enumerable.Range(0, 50).Select(k => ArrivalSchedule.OffsetOf(scenario, k)).ToList();
        offsets[^1].ShouldBeLessThan(TimeSpan.FromSeconds(10));
        (offsets[2] - offsets[1]).ShouldBeGreaterThan(offsets[49] - offsets[48]);

        // A(t) = t²/2 per second: arrival 8 when t = 4 s.
        ArrivalSchedule.OffsetOf(scenario, 8).ShouldBe(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void A_zero_length_stage_jumps_to_its_rate_at_once()
    {
        var scenario = Ramping(startRate: 1, new Stage(TimeSpan.Zero, 100), new Stage(TimeSpan.FromSeconds(1), 100));

        ArrivalSchedule.Count(scenario).ShouldBe(100);
        ArrivalSchedule.OffsetOf(scenario, 1).ShouldBe(TimeSpan.FromMilliseconds(10));
    }

    [Fact]
    public void Slice_i_of_n_takes_the_arrivals_k_with_k_mod_n_equal_to_i()
    {
        var scenario = Constant(rate: 10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        ArrivalSchedule.ForSlice(scenario, 1, 3).Select(a => a.Arrival).ShouldBe([1L, 4L, 7L]);
        ArrivalSchedule.ForSlice(scenario, 1, 3).Select(a => a.Offset).ShouldBe([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(700)]);
    }

    [Property(MaxTest = 200)]
    public Property The_slices_together_start_every_planned_arrival_exactly_once_at_its_planned_instant() =>
        Prop.ForAll(Plans().ToArbitrary(), input =>
        {
            var (scenario, count) = input;
            var total = ArrivalSchedule.Count(scenario);
            var bySlice = Enumerable.Range(0, count).SelectMany(i => ArrivalSchedule.ForSlice(scenario, i, count)).ToList();
            var whole = Enumerable.Range(0, (int)total).Select(k => ArrivalSchedule.OffsetOf(scenario, k)).ToList();

            bySlice.Count.ShouldBe((int)total);
            bySlice.Select(a => a.Arrival).Order().ShouldBe(Enumerable.Range(0, (int)total).Select(k => (long)k));
            bySlice.ShouldAllBe(a => a.Offset == whole[(int)a.Arrival]);
            whole.ShouldBe(whole.Order());
            whole.ShouldAllBe(o => o >= TimeSpan.Zero && o < scenario.Length);
        });

    [Property(MaxTest = 200)]
    public Property The_planned_count_before_any_instant_is_the_number_of_arrivals_before_it() =>
        Prop.ForAll(Plans().ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (input, permille) =>
        {
            var scenario = input.Scenario;
            var at = TimeSpan.FromTicks(scenario.Length.Ticks * permille / 1000);
            var whole = Enumerable.Range(0, (int)ArrivalSchedule.Count(scenario)).Select(k => ArrivalSchedule.OffsetOf(scenario, k));

            ArrivalSchedule.CountBefore(scenario, at).ShouldBe(whole.Count(o => o < at));
        });

    private static Gen<(Scenario Scenario, int Count)> Plans()
    {
        var stage =
            from ms in Gen.Choose(0, 8_000)
            from target in Gen.Choose(0, 200)
            select new Stage(TimeSpan.FromMilliseconds(ms), target);
        var ramping =
            from start in Gen.Choose(0, 200)
            from stages in Gen.NonEmptyListOf(stage)
            from unit in Gen.Elements(1, 2, 3, 7)
            select Ramping(start, [.. stages.Take(4), new Stage(TimeSpan.FromMilliseconds(1500), 7)]) with { TimeUnit = TimeSpan.FromSeconds(unit) };
        var constant =
            from rate in Gen.Choose(1, 300)
            from unit in Gen.Choose(1, 5_000)
            from ms in Gen.Choose(1, 10_000)
            select Constant(rate, TimeSpan.FromMilliseconds(unit), TimeSpan.FromMilliseconds(ms));
        return
            from scenario in Gen.OneOf(ramping, constant)
            from count in Gen.Choose(1, 64)
            select (scenario, count);
    }

    private static Scenario Constant(int rate, TimeSpan timeUnit, TimeSpan duration) => new()
    {
        Name = "open",
        Executor = Executors.ConstantArrivalRate,
        Rate = rate,
        TimeUnit = timeUnit,
        Duration = duration,
        Requests = [],
    };

    private static Scenario Ramping(int startRate, params Stage[] stages) => new()
    {
        Name = "ramp",
        Executor = Executors.RampingArrivalRate,
        StartRate = startRate,
        Stages = stages,
        Requests = [],
    };
}

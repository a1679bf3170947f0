using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Slicing;

namespace ServerlessLoad.Core.Tests.Slicing;

public class VuScheduleTests
{
    private static readonly Scenario UpAndDown = Ramping(0, new Stage(TimeSpan.FromSeconds(10), 10), new Stage(TimeSpan.FromSeconds(10), 0));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(999, 0)]
    [InlineData(1000, 1)]
    [InlineData(5500, 5)]
    [InlineData(10_000, 10)]
    [InlineData(12_500, 8)]
    [InlineData(19_999, 1)]
    [InlineData(20_000, 0)]
    [InlineData(60_000, 0)]
    public void The_plan_ramps_linearly_reaching_each_target_at_the_end_of_its_stage(int ms, int vus) =>
        VuSchedule.VusAt(UpAndDown, TimeSpan.FromMilliseconds(ms)).ShouldBe(vus);

    [Fact]
    public void A_slice_changes_only_when_its_own_share_changes()
    {
        var changes = VuSchedule.SliceChanges(UpAndDown, 0, 3).ToList();

        // Slice 0 of 3 gets floor(V/3): 1 from V = 3 on, 2 from 6, 3 from 9; V falls a second into the ramp down.
        changes.ShouldBe(
        [
            (TimeSpan.Zero, 0),
            (TimeSpan.FromSeconds(3), 1),
            (TimeSpan.FromSeconds(6), 2),
            (TimeSpan.FromSeconds(9), 3),
            (TimeSpan.FromSeconds(12), 2),
            (TimeSpan.FromSeconds(15), 1),
            (TimeSpan.FromSeconds(18), 0),
        ]);
        VuSchedule.SlicePeak(UpAndDown, 0, 3).ShouldBe(3);
    }

    [Fact]
    public void A_zero_length_stage_jumps_at_once()
    {
        var scenario = Ramping(2, new Stage(TimeSpan.Zero, 8), new Stage(TimeSpan.FromSeconds(5), 8));

        VuSchedule.VusAt(scenario, TimeSpan.Zero).ShouldBe(8);
        VuSchedule.SliceChanges(scenario, 0, 1).ShouldBe([(TimeSpan.Zero, 8)]);
    }

    [Property(MaxTest = 200)]
    public Property At_every_instant_the_slices_add_up_to_the_plan() =>
        Prop.ForAll(Plans().ToArbitrary(), Gen.ListOf(Gen.Choose(0, 1000), 20).ToArbitrary(), (input, permilles) =>
        {
            var (scenario, count) = input;
            var slices = Enumerable.Range(0, count).Select(i => VuSchedule.SliceChanges(scenario, i, count).ToList()).ToList();
            slices.ShouldAllBe(changes => changes[0].Offset == TimeSpan.Zero);
            foreach (var permille in permilles.Append(1000))
            {
                var at = TimeSpan.FromTicks(scenario.Length.Ticks * permille / 1000);
                slices.Sum(changes => changes.Last(c => c.Offset <= at).Vus).ShouldBe(VuSchedule.VusAt(scenario, at), $"at {at}");
            }
        });

    private static Gen<(Scenario Scenario, int Count)> Plans()
    {
        var stage =
            from ms in Gen.Choose(0, 60_000)
            from target in Gen.Choose(0, 300)
            select new Stage(TimeSpan.FromMilliseconds(ms), target);
        return
            from start in Gen.Choose(0, 300)
            from stages in Gen.NonEmptyListOf(stage)
            from count in Gen.Choose(1, 64)
            select (Ramping(start, [.. stages.Take(5), new Stage(TimeSpan.FromSeconds(1), 3)]), count);
    }

    private static Scenario Ramping(int startVus, params Stage[] stages) => new()
    {
        Name = "ramp",
        Executor = Executors.RampingVus,
        StartVus = startVus,
        Stages = stages,
        Requests = [],
    };
}

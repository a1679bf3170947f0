using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Core.Tests.Results;

public class GeneratorHealthTests
{
    private static readonly GeneratorHealth Calm = new() { CpuPercent = 40, LagP99Micros = 800 };

    [Fact]
    public void A_second_is_saturated_by_cpu_above_90_percent_or_timer_lag_p99_above_50_ms()
    {
        Calm.IsSaturated.ShouldBeFalse();
        (Calm with { CpuPercent = 90.1 }).IsSaturated.ShouldBeTrue();
        (Calm with { CpuPercent = 90 }).IsSaturated.ShouldBeFalse();
        (Calm with { LagP99Micros = 50_001 }).IsSaturated.ShouldBeTrue();
    }

    [Theory]
    [InlineData(20, 2, false)]
    [InlineData(20, 3, true)]
    [InlineData(1, 1, true)]
    [InlineData(0, 0, false)]
    public void A_slice_is_flagged_when_more_than_a_tenth_of_its_seconds_were_saturated(int seconds, int saturated, bool flagged)
    {
        var health = Enumerable.Range(0, seconds).Select(i => i < saturated ? Calm with { CpuPercent = 99 } : Calm);

        GeneratorHealth.WasSaturated(health).ShouldBe(flagged);
    }

    [Fact]
    public void Two_readings_of_one_second_keep_the_worse_values_and_add_the_pauses()
    {
        var first = new GeneratorHealth { CpuPercent = 50, LagP99Micros = 100, GcPauseMicros = 10, WorkingSetBytes = 5, InFlight = 1, ActiveVus = 3 };
        var second = new GeneratorHealth { CpuPercent = 20, LagP99Micros = 900, GcPauseMicros = 5, WorkingSetBytes = 4, InFlight = 2, ActiveVus = 4 };

        GeneratorHealth.Combine(first, second).ShouldBe(new GeneratorHealth
        {
            CpuPercent = 50, LagP99Micros = 900, GcPauseMicros = 15, WorkingSetBytes = 5, InFlight = 2, ActiveVus = 4,
        });
    }
}

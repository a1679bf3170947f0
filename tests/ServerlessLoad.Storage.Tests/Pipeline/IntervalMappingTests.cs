using ServerlessLoad.Core.Results;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Storage.Tests.Pipeline;

public sealed class IntervalMappingTests
{
    [Fact]
    public void A_second_keeps_its_dropped_arrivals_and_generator_health_through_its_row()
    {
        var stats = new RequestStats { Requests = 1 };
        stats.Latency.RecordMicros(900);
        stats.ServiceTime.RecordMicros(800);
        var second = new SliceSecond
        {
            RunId = "run",
            Slice = 1,
            Attempt = 2,
            Second = 7,
            ActiveVus = 3,
            Requests = new Dictionary<string, RequestStats> { ["home"] = stats },
            DroppedArrivals = new Dictionary<string, long> { ["open"] = 4 },
            Health = new GeneratorHealth { CpuPercent = 95.5, LagP99Micros = 1_200, ActiveVus = 3 },
        };

        var back = IntervalMapping.ToSecond(IntervalMapping.ToEntity(second));

        back.DroppedArrivals.ShouldBe(new Dictionary<string, long> { ["open"] = 4 });
        back.Health.ShouldBe(second.Health);
        back.Requests["home"].ServiceTime.MaxMicros.ShouldBe(800);
    }

    [Fact]
    public void A_row_written_before_health_was_measured_reads_back_without_it()
    {
        var second = new SliceSecond { RunId = "run", Slice = 0, Attempt = 1, Second = 0, Requests = new Dictionary<string, RequestStats>() };

        var entity = IntervalMapping.ToEntity(second);

        entity.ContainsKey("Health").ShouldBeFalse();
        entity.ContainsKey("Dropped").ShouldBeFalse();
        var back = IntervalMapping.ToSecond(entity);
        back.Health.ShouldBeNull();
        back.DroppedArrivals.ShouldBeEmpty();
    }
}

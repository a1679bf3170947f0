using ServerlessLoad.Reports.Charts;

namespace ServerlessLoad.Reports.Tests.Charts;

public class DownsamplerTests
{
    private static List<ChartPoint> Series(int count, Func<int, double> value) =>
        Enumerable.Range(0, count).Select(i => new ChartPoint(i, value(i))).ToList();

    [Fact]
    public void Short_series_are_left_alone()
    {
        var points = Series(1_200, i => i);

        Downsampler.MinMax(points).ShouldBeSameAs(points);
    }

    [Fact]
    public void A_day_of_seconds_shrinks_to_at_most_1200_points_in_time_order()
    {
        var reduced = Downsampler.MinMax(Series(86_400, i => Math.Sin(i / 1000.0)));

        reduced.Count.ShouldBeLessThanOrEqualTo(1_200);
        reduced.Count.ShouldBeGreaterThan(600);
        reduced.Select(p => p.X).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public void Single_spikes_and_dips_survive()
    {
        var reduced = Downsampler.MinMax(Series(86_400, i => i == 12_345 ? 1_000 : i == 54_321 ? -1_000 : 1));

        reduced.ShouldContain(new ChartPoint(12_345, 1_000));
        reduced.ShouldContain(new ChartPoint(54_321, -1_000));
    }

    [Fact]
    public void A_stretch_without_data_stays_a_gap()
    {
        var reduced = Downsampler.MinMax(Series(10_000, i => i is >= 4_000 and < 6_000 ? double.NaN : 1));

        reduced.Count(p => double.IsNaN(p.Y)).ShouldBeGreaterThan(0);
    }
}

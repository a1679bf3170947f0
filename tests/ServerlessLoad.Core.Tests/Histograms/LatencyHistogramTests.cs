using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ServerlessLoad.Core.Histograms;

namespace ServerlessLoad.Core.Tests.Histograms;

public class LatencyHistogramTests
{
    private const double Precision = 0.001; // 3 significant digits

    [Fact]
    public void An_empty_histogram_reports_zeros()
    {
        var h = new LatencyHistogram();
        h.TotalCount.ShouldBe(0);
        h.ValueAtPercentile(99).ShouldBe(0);
        h.MinMicros.ShouldBe(0);
        h.Encode().ShouldBe(string.Empty);
    }

    [Fact]
    public void Small_values_are_recorded_exactly()
    {
        var h = new LatencyHistogram();
        for (var v = 0; v < 2000; v++)
        {
            h.RecordMicros(v);
        }

        h.ValueAtPercentile(50).ShouldBe(999);
        h.ValueAtPercentile(100).ShouldBe(1999);
        h.MinMicros.ShouldBe(0);
        h.MaxMicros.ShouldBe(1999);
        h.MeanMicros.ShouldBe(999.5);
    }

    [Fact]
    public void Large_values_keep_three_significant_digits()
    {
        var h = new LatencyHistogram();
        h.RecordMicros(123_456_789);
        var p = h.ValueAtPercentile(50);
        (Math.Abs(p - 123_456_789) / 123_456_789.0).ShouldBeLessThan(Precision);
    }

    [Fact]
    public void Values_beyond_an_hour_are_clamped()
    {
        var h = new LatencyHistogram();
        h.RecordMicros(long.MaxValue);
        h.RecordMicros(-5);
        h.MaxMicros.ShouldBe(LatencyHistogram.HighestTrackableMicros);
        h.MinMicros.ShouldBe(0);
        h.TotalCount.ShouldBe(2);
    }

    [Fact]
    public void Mean_and_standard_deviation_match_the_samples()
    {
        var h = new LatencyHistogram();
        long[] samples = [1000, 2000, 3000, 4000, 5000];
        foreach (var s in samples)
        {
            h.RecordMicros(s);
        }

        h.MeanMicros.ShouldBe(3000);
        h.StdDevMicros.ShouldBe(Math.Sqrt(2_000_000), 0.001);
    }

    [Fact]
    public void Encoding_round_trips_every_statistic()
    {
        var h = new LatencyHistogram();
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            h.RecordMicros((long)Math.Exp(random.NextDouble() * 16));
        }

        var decoded = LatencyHistogram.Decode(h.Encode());
        decoded.TotalCount.ShouldBe(h.TotalCount);
        decoded.MinMicros.ShouldBe(h.MinMicros);
        decoded.MaxMicros.ShouldBe(h.MaxMicros);
        decoded.MeanMicros.ShouldBe(h.MeanMicros);
        decoded.StdDevMicros.ShouldBe(h.StdDevMicros);
        foreach (var p in new[] { 1, 50, 90, 99, 99.9, 100 })
        {
            decoded.ValueAtPercentile(p).ShouldBe(h.ValueAtPercentile(p));
        }

        decoded.Buckets().ShouldBe(h.Buckets());
    }

    [Fact]
    public void A_per_second_histogram_encodes_compactly()
    {
        var h = new LatencyHistogram();
        var random = new Random(3);
        for (var i = 0; i < 5000; i++)
        {
            h.RecordMicros(5000 + random.Next(20_000));
        }

        // About two bytes per distinct bucket: far below storing the raw samples.
        h.Encode().Length.ShouldBeLessThan(8000);
    }

    [Theory]
    [InlineData("%%%")]
    [InlineData("AQ==")]
    [InlineData("AgEBAQEB")]
    public void Corrupt_encodings_are_rejected_with_a_format_error(string encoded) =>
        Should.Throw<FormatException>(() => LatencyHistogram.Decode(encoded));

    [Property(MaxTest = 200)]
    public Property Merged_percentiles_equal_the_percentiles_of_all_raw_samples()
    {
        var gen =
            from sliceCount in Gen.Choose(1, 16)
            from samples in Gen.ArrayOf(Gen.Choose(1, 20_000_000).Select(v => (long)v))
            select (sliceCount, samples);
        return Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (sliceCount, samples) = input;
            var merged = new LatencyHistogram();
            var whole = new LatencyHistogram();
            var parts = Enumerable.Range(0, sliceCount).Select(_ => new LatencyHistogram()).ToArray();
            for (var i = 0; i < samples.Length; i++)
            {
                parts[i % sliceCount].RecordMicros(samples[i]);
                whole.RecordMicros(samples[i]);
            }

            foreach (var part in parts)
            {
                merged.Add(LatencyHistogram.Decode(part.Encode()));
            }

            var sorted = samples.Order().ToArray();
            foreach (var p in new[] { 50.0, 90, 95, 99, 99.9 })
            {
                if (sorted.Length == 0)
                {
                    merged.ValueAtPercentile(p).ShouldBe(0);
                    continue;
                }

                var exact = sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
                var value = merged.ValueAtPercentile(p);
                value.ShouldBe(whole.ValueAtPercentile(p));
                value.ShouldBeGreaterThanOrEqualTo(exact);
                (value - exact).ShouldBeLessThanOrEqualTo((long)(exact * Precision) + 1);
            }

            merged.TotalCount.ShouldBe(samples.Length);
            merged.SumMicros.ShouldBe(samples.Sum());
            return true;
        });
    }
}

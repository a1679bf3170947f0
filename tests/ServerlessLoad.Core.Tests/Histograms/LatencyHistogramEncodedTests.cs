using FsCheck.Xunit;
using ServerlessLoad.Core.Histograms;

namespace ServerlessLoad.Core.Tests.Histograms;

public class LatencyHistogramEncodedTests
{
    [Property(MaxTest = 200)]
    public void Adding_an_encoding_equals_adding_its_decoded_histogram(int seed)
    {
        var random = new Random(seed);
        var source = Histogram(random, random.Next(1, 300));
        var viaDecode = Histogram(new Random(seed + 1), random.Next(0, 50));
        var viaEncoded = viaDecode.Copy();

        viaDecode.Add(LatencyHistogram.Decode(source.Encode()));
        viaEncoded.AddEncoded(source.Encode());

        viaEncoded.Buckets().ShouldBe(viaDecode.Buckets());
        viaEncoded.TotalCount.ShouldBe(viaDecode.TotalCount);
        viaEncoded.MinMicros.ShouldBe(viaDecode.MinMicros);
        viaEncoded.MaxMicros.ShouldBe(viaDecode.MaxMicros);
        viaEncoded.SumMicros.ShouldBe(viaDecode.SumMicros);
        viaEncoded.StdDevMicros.ShouldBe(viaDecode.StdDevMicros);
        viaEncoded.Encode().ShouldBe(viaDecode.Encode());
    }

    [Fact]
    public void Adding_the_raw_bytes_of_an_encoding_equals_adding_the_encoding()
    {
        var source = Histogram(new Random(3), 100);
        var fromText = new LatencyHistogram();
        var fromBytes = new LatencyHistogram();

        fromText.AddEncoded(source.Encode());
        fromBytes.AddRaw(Convert.FromBase64String(source.Encode()));

        fromBytes.Encode().ShouldBe(fromText.Encode());
        fromBytes.TotalCount.ShouldBe(100);
    }

    [Fact]
    public void Adding_an_empty_encoding_changes_nothing()
    {
        var histogram = Histogram(new Random(5), 10);
        var before = histogram.Encode();

        histogram.AddEncoded(string.Empty);
        histogram.AddRaw([]);

        histogram.Encode().ShouldBe(before);
    }

    [Fact]
    public void Adding_a_long_encoding_equals_decoding_it()
    {
        // Thousands of distinct buckets: the encoding is longer than the stack buffer the short ones decode into.
        var source = new LatencyHistogram();
        for (var v = 0; v < 5_000; v++)
        {
            source.RecordMicros(v * 37);
        }

        var histogram = new LatencyHistogram();
        histogram.AddEncoded(source.Encode());

        source.Encode().Length.ShouldBeGreaterThan(1024);
        histogram.Encode().ShouldBe(LatencyHistogram.Decode(source.Encode()).Encode());
    }

    [Fact]
    public void An_inconsistent_encoding_is_refused_and_adds_nothing()
    {
        var histogram = Histogram(new Random(9), 10);
        var before = histogram.Encode();
        var raw = Convert.FromBase64String(Histogram(new Random(10), 5).Encode());
        raw[1] = 6; // the header claims six values, the buckets hold five

        Should.Throw<FormatException>(() => histogram.AddRaw(raw)).Message.ShouldContain("header says 6, buckets hold 5");
        Should.Throw<FormatException>(() => histogram.AddEncoded("not base64!")).Message.ShouldContain("base64");
        histogram.Encode().ShouldBe(before);
    }

    private static LatencyHistogram Histogram(Random random, int samples)
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < samples; i++)
        {
            histogram.RecordMicros(random.Next(4) == 0 ? random.NextInt64(0, 3_000) : (long)Math.Exp((random.NextDouble() * 9) + 7));
        }

        return histogram;
    }
}

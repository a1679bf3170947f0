using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Core.Tests.Results;

/// <summary>Web Vitals and screenshots of browser steps travel in the per-second rows and merge exactly.</summary>
public class BrowserResultsCodecTests
{
    private static RequestStats BrowserStep(long lcpMicros, long clsScaled, string? screenshot = null)
    {
        var stats = new RequestStats { Requests = 1 };
        stats.Latency.RecordMicros(1_500_000);
        stats.Vital(BrowserVitals.Lcp).RecordMicros(lcpMicros);
        stats.Vital(BrowserVitals.Cls).RecordMicros(clsScaled);
        if (screenshot is not null)
        {
            stats.AddScreenshot(screenshot);
        }

        return stats;
    }

    [Fact]
    public void Vitals_and_screenshots_survive_encoding_and_decoding()
    {
        var json = SliceSecondCodec.EncodeRequests(new Dictionary<string, RequestStats> { ["shop"] = BrowserStep(820_000, 1234, "screenshots/slice-0-a1-selector-1.png") });

        var decoded = SliceSecondCodec.DecodeRequests(json)["shop"];

        decoded.Vitals.Keys.ShouldBe([BrowserVitals.Lcp, BrowserVitals.Cls], ignoreOrder: true);
        ((double)decoded.Vitals[BrowserVitals.Lcp].MaxMicros).ShouldBe(820_000, tolerance: 820);
        decoded.Vitals[BrowserVitals.Cls].MaxMicros.ShouldBe(1234);
        decoded.Screenshots.ShouldBe(["screenshots/slice-0-a1-selector-1.png"]);
    }

    [Fact]
    public void The_merge_read_path_adds_vitals_and_screenshots_like_decoded_rows()
    {
        var rows = new[]
        {
            SliceSecondCodec.EncodeRequests(new Dictionary<string, RequestStats> { ["shop"] = BrowserStep(800_000, 500, "screenshots/a.png") }),
            SliceSecondCodec.EncodeRequests(new Dictionary<string, RequestStats> { ["shop"] = BrowserStep(1_200_000, 2500, "screenshots/b.png"), ["api"] = new RequestStats { Requests = 3 } }),
        };
        var viaScratch = new RequestStats();
        var viaDecode = new RequestStats();
        var scratch = new EncodedRequestStats();

        foreach (var row in rows)
        {
            SliceSecondCodec.ReadRequests(System.Text.Encoding.UTF8.GetBytes(row), scratch, (name, stats) =>
            {
                if (name == "shop")
                {
                    viaScratch.Add(stats, withDistributions: true);
                }
            });
            viaDecode.Add(SliceSecondCodec.DecodeRequests(row)["shop"]);
        }

        viaScratch.Requests.ShouldBe(2);
        viaScratch.Screenshots.ShouldBe(["screenshots/a.png", "screenshots/b.png"]);
        viaScratch.Vitals[BrowserVitals.Lcp].TotalCount.ShouldBe(2);
        viaScratch.Vitals[BrowserVitals.Cls].ValueAtPercentile(100).ShouldBe(viaDecode.Vitals[BrowserVitals.Cls].ValueAtPercentile(100));
        viaScratch.Vitals[BrowserVitals.Lcp].Encode().ShouldBe(viaDecode.Vitals[BrowserVitals.Lcp].Encode());
        viaDecode.Screenshots.ShouldBe(viaScratch.Screenshots);
    }

    [Fact]
    public void Rows_without_browser_steps_carry_no_vitals_field()
    {
        var json = SliceSecondCodec.EncodeRequests(new Dictionary<string, RequestStats> { ["api"] = new RequestStats { Requests = 1 } });

        json.ShouldNotContain("\"v\"");
        json.ShouldNotContain("\"ss\"");
    }

    [Fact]
    public void A_generator_with_a_busy_browser_is_saturated_though_its_own_process_is_not()
    {
        new GeneratorHealth { CpuPercent = 30, BrowserCpuPercent = 65 }.IsSaturated.ShouldBeTrue();
        new GeneratorHealth { CpuPercent = 30, BrowserCpuPercent = 55 }.IsSaturated.ShouldBeFalse();
        GeneratorHealth.Combine(new GeneratorHealth { BrowserVus = 4, BrowserMemoryBytes = 10 }, new GeneratorHealth { BrowserVus = 3, BrowserMemoryBytes = 20 })
            .ShouldBe(new GeneratorHealth { BrowserVus = 4, BrowserMemoryBytes = 20 });
    }
}

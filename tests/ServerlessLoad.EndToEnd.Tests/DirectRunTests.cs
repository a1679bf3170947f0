using System.Text.Json;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Testing;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests;

/// <summary>
/// The load engine without the pipeline, through the real CLI: `sload quick` and `sload run --direct` against the demo
/// target; what they report must equal what the target served.
/// </summary>
public sealed class DirectRunTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string state = Directory.CreateTempSubdirectory("sload-direct-").FullName;
    private DemoTarget target = null!;
    private CliProcess cli = null!;

    public async Task InitializeAsync()
    {
        target = await DemoTarget.StartAsync(new DemoTargetOptions { Port = 0 }, CancellationToken.None);
        cli = new CliProcess(RepoPaths.RepoRoot, state);
    }

    public async Task DisposeAsync()
    {
        await target.DisposeAsync();
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task Quick_prints_one_json_object_whose_counts_match_what_the_target_served()
    {
        var (code, text) = await cli.RunAsync(TimeSpan.FromSeconds(60), "quick", new Uri(target.BaseAddress, "/fast").AbsoluteUri, "-c", "4", "-d", "1s", "--json");
        output.WriteLine(text);

        code.ShouldBe(0, text);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        root.GetProperty("requests").GetInt64().ShouldBe(target.TotalServed);
        root.GetProperty("requests").GetInt64().ShouldBeGreaterThan(0);
        root.GetProperty("failures").GetInt64().ShouldBe(0);
        root.GetProperty("rps").GetDouble().ShouldBeGreaterThan(0);
        var latency = root.GetProperty("latencyMs");
        latency.GetProperty("p50").GetDouble().ShouldBeLessThanOrEqualTo(latency.GetProperty("p90").GetDouble());
        latency.GetProperty("p90").GetDouble().ShouldBeLessThanOrEqualTo(latency.GetProperty("p99").GetDouble());
        latency.GetProperty("p99").GetDouble().ShouldBeLessThanOrEqualTo(latency.GetProperty("max").GetDouble());
        root.GetProperty("statusCodes").GetProperty("200").GetInt64().ShouldBe(target.TotalServed);
        root.GetProperty("newConnections").GetInt64().ShouldBe(4);
    }

    [Fact]
    public async Task Quick_with_a_rate_starts_exactly_rate_times_duration_requests()
    {
        var (code, text) = await cli.RunAsync(TimeSpan.FromSeconds(60), "quick", new Uri(target.BaseAddress, "/fast").AbsoluteUri, "-c", "4", "-d", "2s", "--rate", "50", "--json");
        output.WriteLine(text);

        code.ShouldBe(0, text);
        using var json = JsonDocument.Parse(text);
        json.RootElement.GetProperty("requests").GetInt64().ShouldBe(100);
        json.RootElement.GetProperty("droppedArrivals").GetInt64().ShouldBe(0);
        target.TotalServed.ShouldBe(100);

        // The timer lag of the whole run (a 1 ms timer sampled about 2,000 times) and of each second: the run's p99 can
        // be no worse than its worst second's p99 nor than its maximum.
        var generator = json.RootElement.GetProperty("generator");
        var runP99 = generator.GetProperty("lagP99Ms").GetDouble();
        var perSecond = generator.GetProperty("lagP99PerSecondMs").EnumerateArray().Select(e => e.GetDouble()).ToList();
        perSecond.Count.ShouldBeInRange(2, 4);
        runP99.ShouldBeGreaterThanOrEqualTo(0);
        runP99.ShouldBeLessThanOrEqualTo(generator.GetProperty("lagMaxMs").GetDouble());
        runP99.ShouldBeLessThanOrEqualTo((perSecond.Max() * 1.01) + 0.01); // the histogram rounds within 0.1 %
        generator.GetProperty("lagP99MaxMs").GetDouble().ShouldBe(perSecond.Max());
    }

    [Fact]
    public async Task Quick_refuses_a_host_that_is_not_an_allowed_target()
    {
        var (code, text) = await cli.RunAsync(TimeSpan.FromSeconds(60), "quick", "http://example.com/", "-d", "1s");

        code.ShouldBe(2);
        text.ShouldContain("host 'example.com' is not an allowed target");
    }

    [Fact]
    public async Task Run_direct_writes_the_pipelines_artifacts_with_counts_matching_what_the_target_served()
    {
        var plan = Path.Combine(state, "plan.yaml");
        await File.WriteAllTextAsync(plan, $$"""
            name: direct
            slices: 2
            target: {{target.BaseAddress.AbsoluteUri.TrimEnd('/')}}
            scenarios:
              - name: browse
                vus: 3
                duration: 1s
                requests: [{ name: home, path: /fast }]
              - name: open
                executor: constant-arrival-rate
                rate: 40
                duration: 1s
                preAllocatedVUs: 4
                maxVUs: 100
                requests: [{ name: work, path: "/work?ms=5" }]
            thresholds:
              - failures.rate < 1%
            """);
        var outDir = Path.Combine(state, "out");

        var (code, text) = await cli.RunAsync(TimeSpan.FromSeconds(90), "run", plan, "--direct", "--out", outDir);
        output.WriteLine(text);

        code.ShouldBe(0, text);
        var runDir = Directory.GetDirectories(outDir).ShouldHaveSingleItem();
        Directory.GetFiles(runDir).Select(Path.GetFileName).ShouldBe(["plan.yaml", "report.json", "report.md", "report.html", "junit.xml"], ignoreOrder: true);
        Directory.GetFiles(Path.Combine(runDir, "charts"), "*.svg").ShouldNotBeEmpty();
        await PublishedCharts.AssertFolderAsync(runDir);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(runDir, "report.json")));
        var root = report.RootElement;
        root.GetProperty("verdict").GetString().ShouldBe("passed");
        root.GetProperty("totals").GetProperty("requests").GetInt64().ShouldBe(target.TotalServed);
        var requests = root.GetProperty("requests").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("requests").GetInt64());
        requests["work"].ShouldBe(40);
        requests["home"].ShouldBe(target.ServedByPath()["/fast"]);
        root.GetProperty("slices").EnumerateArray().Select(s => s.GetProperty("status").GetString()).ShouldBe(["completed", "completed"]);
        text.ShouldContain("Verdict: PASSED");
    }

    [Fact]
    public async Task Run_direct_exits_1_when_a_threshold_fails()
    {
        var plan = Path.Combine(state, "failing.yaml");
        await File.WriteAllTextAsync(plan, $$"""
            name: failing
            target: {{target.BaseAddress.AbsoluteUri.TrimEnd('/')}}
            scenarios:
              - { name: s, executor: shared-iterations, vus: 2, iterations: 10, requests: [{ name: broken, path: /status/500 }] }
            thresholds:
              - failures.rate < 1%
            """);

        var (code, text) = await cli.RunAsync(TimeSpan.FromSeconds(60), "run", plan, "--direct", "--out", Path.Combine(state, "out"));
        output.WriteLine(text);

        code.ShouldBe(1, text);
        target.TotalServed.ShouldBe(10);
    }

    [Fact]
    public async Task Run_direct_stops_early_when_an_abortOnFail_threshold_fails_and_exits_1_naming_it()
    {
        var plan = Path.Combine(state, "aborting.yaml");
        await File.WriteAllTextAsync(plan, $$"""
            name: aborting
            slices: 2
            target: {{target.BaseAddress.AbsoluteUri.TrimEnd('/')}}
            scenarios:
              - { name: s, vus: 2, duration: 30s, requests: [{ name: broken, path: /status/500 }] }
            thresholds:
              - threshold: failures.rate < 1%
                abortOnFail: true
                delayAbortEval: 1s
            """);
        var outDir = Path.Combine(state, "out");

        var started = DateTimeOffset.UtcNow;
        var (code, text) = await cli.RunAsync(TimeSpan.FromSeconds(60), "run", plan, "--direct", "--out", outDir);
        output.WriteLine(text);

        code.ShouldBe(1, text);
        text.ShouldContain("Aborting: failures.rate < 1% failed at second");
        var runDir = Directory.GetDirectories(outDir).ShouldHaveSingleItem();
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(runDir, "report.json")));
        var root = report.RootElement;
        root.GetProperty("verdict").GetString().ShouldBe("failed");
        root.GetProperty("abortedBy").GetProperty("threshold").GetString().ShouldBe("failures.rate < 1%");
        root.GetProperty("durationSeconds").GetDouble().ShouldBeLessThan(6, "the 30 s plan stops within a few seconds of the 1 s delay");
        root.GetProperty("slices").EnumerateArray().Select(s => s.GetProperty("status").GetString()).ShouldBe(["cancelled", "cancelled"]);
        root.GetProperty("totals").GetProperty("failures").GetInt64().ShouldBeGreaterThan(0);
        (await File.ReadAllTextAsync(Path.Combine(runDir, "report.md"))).ShouldContain("by abortOnFail threshold `failures.rate < 1%`");
        (DateTimeOffset.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }
}

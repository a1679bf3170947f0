using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Tests.Live;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Metrics;

/// <summary>GET /metrics: the pipeline in the Prometheus text format, from the stored rows.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class MetricsApiTests(AzuriteFixture azurite) : IDisposable
{
    private readonly LiveRunFixture live = new(azurite, "metrics");

    public void Dispose() => live.Dispose();

    [Fact]
    public async Task A_running_run_shows_its_stored_requests_rate_latency_and_vus()
    {
        var runId = await live.RunningRunAsync(slices: 2);
        await live.WriteSecondsAsync(runId, 0, 0, 2, requests: 10, failures: 1, vus: 2, micros: 4000);
        await live.WriteSecondsAsync(runId, 1, 0, 2, requests: 6, vus: 3, micros: 4000);

        var samples = await ScrapeAsync();

        var run = $"run_id=\"{runId}\",plan=\"unit\"";
        samples[$"sload_run_requests_total{{{run}}}"].ShouldBe(48);
        samples[$"sload_run_failures_total{{{run}}}"].ShouldBe(3);
        samples[$"sload_run_requests_per_second{{{run}}}"].ShouldBe(16);
        samples[$"sload_run_active_vus{{{run}}}"].ShouldBe(5);
        samples[$"sload_run_stored_second{{{run}}}"].ShouldBe(2);
        samples[$"sload_run_latency_seconds{{{run},quantile=\"0.99\"}}"].ShouldBe(0.004, 0.00001);
        samples[$"sload_run_latency_seconds_count{{{run}}}"].ShouldBe(48);
        samples[$"sload_run_latency_seconds_sum{{{run}}}"].ShouldBe(48 * 0.004, 0.0001);
        samples["sload_runs{status=\"running\"}"].ShouldBeGreaterThanOrEqualTo(1);
        samples.Keys.Count(k => k.StartsWith("sload_runs{", StringComparison.Ordinal)).ShouldBe(8);
    }

    [Fact]
    public async Task Queue_lengths_and_the_runners_with_a_fresh_heartbeat_are_shown()
    {
        var runId = await live.RunningRunAsync(slices: 3, runner: "runner-fresh");
        await live.SetSliceAsync(runId, 2, SliceStatus.Running, "runner-silent", DateTimeOffset.UtcNow.AddMinutes(-10));

        var samples = await ScrapeAsync();

        samples[$"sload_queue_messages{{queue=\"{live.Pipeline.Settings.Queues.Slices}\"}}"].ShouldBe(3);
        samples[$"sload_queue_messages{{queue=\"{live.Pipeline.Settings.Queues.Slices}-poison\"}}"].ShouldBe(0);
        samples["sload_runner_slices{runner=\"runner-fresh\"}"].ShouldBe(2);
        samples.ShouldNotContainKey("sload_runner_slices{runner=\"runner-silent\"}");
    }

    [Fact]
    public async Task Metrics_take_the_function_key_and_answer_in_the_text_format()
    {
        using var refused = await live.Api.Anonymous.GetAsync("/metrics");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var response = await live.Api.Client.GetAsync("/metrics");
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; version=0.0.4; charset=utf-8");
    }

    /// <summary>Every sample line, keyed by its name and labels; every family has HELP and TYPE lines first.</summary>
    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        using var response = await live.Api.Client.GetAsync("/metrics");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                typed.Add(line.Split(' ')[2]);
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            match.Success.ShouldBeTrue(line);
            typed.ShouldContain(Family(match.Groups["name"].Value), line);
            samples[match.Groups["key"].Value] = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return samples;
    }

    private static string Family(string name) =>
        name.EndsWith("_sum", StringComparison.Ordinal) || name.EndsWith("_count", StringComparison.Ordinal) ? name[..name.LastIndexOf('_')] : name;

    [GeneratedRegex("""^(?<key>(?<name>[a-z_]+)(\{[^}]*\})?) (?<value>\S+)$""")]
    private static partial Regex SampleLine();
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using ServerlessLoad.EndToEnd.Tests.Faults;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Metrics;

/// <summary>/metrics scraped while a real run goes, checked against the run's own report.</summary>
[Collection(FaultCollection.Name)]
public sealed class MetricsScrapeTests(FaultStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task A_scrape_during_a_run_counts_the_requests_the_run_reports_for_the_same_seconds()
    {
        var runners = await stack.UseRunnersAsync(2);
        await using var target = await FaultPlans.TargetAsync();
        var runId = await stack.SubmitAsync(FaultPlans.Constant(target, "metrics", slices: 2, vus: 4, seconds: 12, path: "/work?ms=10"));
        var series = $"{{run_id=\"{runId}\",plan=\"metrics\"}}";

        Dictionary<string, double> scraped = [];
        await FaultStack.WaitUntilAsync(
            async () =>
            {
                scraped = await ScrapeAsync();
                return scraped.GetValueOrDefault("sload_run_stored_second" + series, -1) >= 4;
            },
            TimeSpan.FromSeconds(60),
            () => "the run never showed four stored seconds in /metrics\n" + stack.Logs(),
            TimeSpan.FromMilliseconds(300));
        var through = (long)scraped["sload_run_stored_second" + series];
        var requests = (long)scraped["sload_run_requests_total" + series];
        output.WriteLine($"scraped through second {through}: {requests} requests");

        await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(90));
        using var report = JsonDocument.Parse(await stack.Api.GetStringAsync(new Uri($"/api/runs/{runId}/artifacts/report.json", UriKind.Relative)));
        var reported = report.RootElement.GetProperty("perSecond").EnumerateArray()
            .Where(s => s.GetProperty("second").GetInt64() <= through)
            .Sum(s => s.GetProperty("requests").GetInt64());

        requests.ShouldBeGreaterThan(0);
        requests.ShouldBe(reported, "the scrape counts exactly what the report counts for the seconds it had");
        scraped["sload_runs{status=\"running\"}"].ShouldBeGreaterThanOrEqualTo(1);
        scraped["sload_runners_live"].ShouldBeInRange(1, 2);
        scraped.Keys.Where(k => k.StartsWith("sload_runner_slices{", StringComparison.Ordinal))
            .ShouldAllBe(k => runners.Any(r => k == $"sload_runner_slices{{runner=\"{r.RunnerId}\"}}"));
        scraped.ShouldContainKey("sload_queue_messages{queue=\"slices\"}");

        using var anonymous = new HttpClient { BaseAddress = stack.Api.BaseAddress };
        (await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        var text = await stack.Api.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => (Key: line[..line.LastIndexOf(' ')], Value: line[(line.LastIndexOf(' ') + 1)..]))
            .ToDictionary(s => s.Key, s => double.Parse(s.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }
}

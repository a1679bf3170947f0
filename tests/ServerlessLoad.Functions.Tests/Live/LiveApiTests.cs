using System.Net;
using System.Text.Json;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Live;

/// <summary>GET /api/runs/{id}/live: the seconds every slice has stored, merged, as the dashboard polls them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LiveApiTests(AzuriteFixture azurite) : IDisposable
{
    private readonly LiveRunFixture live = new(azurite, "live");

    public void Dispose() => live.Dispose();

    [Fact]
    public async Task The_live_view_shows_only_the_seconds_every_running_slice_has_stored_merged_over_slices()
    {
        var runId = await live.RunningRunAsync(slices: 2);
        await live.WriteSecondsAsync(runId, 0, 0, 2, requests: 10, vus: 2, micros: 2000);
        await live.WriteSecondsAsync(runId, 1, 0, 1, requests: 5, failures: 1, vus: 3, micros: 2000);

        var view = await GetAsync($"/api/runs/{runId}/live");

        view.GetProperty("through").GetInt64().ShouldBe(1);
        var seconds = view.GetProperty("seconds").EnumerateArray().ToList();
        seconds.Select(s => s.GetProperty("second").GetInt64()).ShouldBe([0, 1]);
        seconds.ShouldAllBe(s => s.GetProperty("requests").GetInt64() == 15 && s.GetProperty("failures").GetInt64() == 1 && s.GetProperty("activeVus").GetInt32() == 5);
        seconds[0].GetProperty("p99Ms").GetDouble().ShouldBe(2.0, 0.01);
        view.GetProperty("totals").GetProperty("requests").GetInt64().ShouldBe(30);
        view.GetProperty("totals").GetProperty("failures").GetInt64().ShouldBe(2);
        view.GetProperty("run").GetProperty("status").GetString().ShouldBe(RunStatus.Running);
        var threshold = view.GetProperty("thresholds").EnumerateArray().Single();
        threshold.GetProperty("expression").GetString().ShouldBe("failures.rate < 1%");
        threshold.GetProperty("state").GetString().ShouldBe("fail");
    }

    [Fact]
    public async Task A_poll_from_a_second_gets_only_the_seconds_after_it_and_a_finished_slice_releases_the_rest()
    {
        var runId = await live.RunningRunAsync(slices: 2);
        await live.WriteSecondsAsync(runId, 0, 0, 3, requests: 10);
        await live.WriteSecondsAsync(runId, 1, 0, 1, requests: 4);
        (await GetAsync($"/api/runs/{runId}/live")).GetProperty("through").GetInt64().ShouldBe(1);

        await live.SetSliceAsync(runId, 1, SliceStatus.Completed, "runner-a", DateTimeOffset.UtcNow);
        var view = await GetAsync($"/api/runs/{runId}/live?from=2");

        view.GetProperty("through").GetInt64().ShouldBe(3);
        view.GetProperty("seconds").EnumerateArray().Select(s => (s.GetProperty("second").GetInt64(), s.GetProperty("requests").GetInt64()))
            .ShouldBe([(2L, 10L), (3L, 10L)]);
        view.GetProperty("totals").GetProperty("requests").GetInt64().ShouldBe(48);
    }

    [Fact]
    public async Task The_live_view_takes_the_key_like_the_rest_of_the_API()
    {
        var runId = await live.RunningRunAsync(slices: 1);

        (await live.Api.Anonymous.GetAsync($"/api/runs/{runId}/live")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await live.Api.Client.GetAsync("/api/runs/20990101-000000-abcdef/live")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await live.Api.Client.GetAsync($"/api/runs/{new string('a', 100)}/live")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await live.Api.Client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}

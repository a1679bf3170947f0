using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Bench;

/// <summary>
/// Planning at scale on a stack without runners: POSTs a plan of SLICES slices and times, from just before the POST, the
/// 202, the first slice message, every slice message in the slices queue, and the run's row turning "running" (which
/// PlanRun writes after its last send). Between rounds the bench ends the run itself (its row set to cancelled, the
/// queue cleared), so no round's leftovers load the next one.
/// </summary>
internal static class PlanScale
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(PipelineStore store, Uri api, string key, int slices, int rounds)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("x-functions-key", key);
        var queue = store.Queue(store.QueueNames.Slices);
        await queue.ClearMessagesAsync().ConfigureAwait(false);
        var enqueued = new List<double>();
        var cpu = ProcessCpu.FromEnvironment();
        for (var round = 1; round <= rounds; round++)
        {
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            var cpuBefore = cpu.Seconds();
            var clock = Stopwatch.StartNew();
            using var posted = await http.PostAsync(new Uri("/api/runs", UriKind.Relative), new StringContent(Plan(slices), Encoding.UTF8, "application/yaml")).ConfigureAwait(false);
            var accepted = clock.Elapsed.TotalSeconds;
            posted.EnsureSuccessStatusCode();
            var runId = (await posted.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false)).GetProperty("runId").GetString()!;

            double? first = null, all = null, running = null;
            while ((all is null || running is null) && clock.Elapsed < Patience)
            {
                var length = (await queue.GetPropertiesAsync().ConfigureAwait(false)).Value.ApproximateMessagesCount;
                first ??= length > 0 ? clock.Elapsed.TotalSeconds : null;
                all ??= length >= slices ? clock.Elapsed.TotalSeconds : null;
                if (running is null && (await store.GetRunAsync(runId).ConfigureAwait(false))?.Status is RunStatus.Running)
                {
                    running = clock.Elapsed.TotalSeconds;
                }

                await Task.Delay(Poll).ConfigureAwait(false);
            }

            var cpuSpent = ProcessCpu.Spent(cpuBefore, cpu.Seconds());
            var count = (await queue.GetPropertiesAsync().ConfigureAwait(false)).Value.ApproximateMessagesCount;
            var rows = (await store.GetSlicesAsync(runId).ConfigureAwait(false)).Count;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"round {round}: {runId} {slices} slices: 202 after {accepted:0.000} s, first slice message {first:0.000} s, all {count} messages enqueued {all:0.000} s, run row 'running' {running:0.000} s; {rows} slice rows; CPU until then: {cpuSpent}; load before {load}"));
            if (all is null || count != slices || rows != slices)
            {
                Console.WriteLine($"round {round}: planning did not finish: {count} messages, {rows} slice rows after {Patience.TotalSeconds:0} s");
                return 1;
            }

            enqueued.Add(all.Value);
            await store.UpdateRunAsync(runId, r =>
            {
                r.Status = RunStatus.Cancelled;
                return true;
            }).ConfigureAwait(false);
            await queue.ClearMessagesAsync().ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }

        enqueued.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"median of {rounds}: POST to all {slices} slice messages enqueued {enqueued[enqueued.Count / 2]:0.000} s (goal <= 5 s); each: {string.Join(", ", enqueued.Select(e => e.ToString("0.000", CultureInfo.InvariantCulture)))}"));
        return 0;
    }

    /// <summary>A valid plan of <paramref name="slices"/> slices; it never sends load (no runner runs here).</summary>
    private static string Plan(int slices) => $"""
        name: plan-scale
        slices: {slices}
        target: http://127.0.0.1:9
        scenarios:
          - name: s
            vus: {slices}
            duration: 10s
            requests:
              - name: r
                path: /
        """;
}

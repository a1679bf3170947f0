using System.Globalization;
using System.Text.Json;
using ServerlessLoad.Cli.Target;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Storage.Pipeline;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

internal static class FaultPlans
{
    /// <summary>A closed-model plan against <paramref name="target"/>: <paramref name="vus"/> users over <paramref name="slices"/> slices.</summary>
    public static string Constant(DemoTarget target, string name, int slices, int vus, double seconds, string path = "/work?ms=20", double startTime = 0) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            name: {name}
            slices: {slices}
            target: {target.BaseAddress.ToString().TrimEnd('/')}
            scenarios:
              - name: load
                vus: {vus}
                duration: {seconds}s
                startTime: {startTime}s
                requests:
                  - name: req
                    path: {path}
            """);

    /// <summary>
    /// An open-model plan: <paramref name="rate"/> arrivals a second over <paramref name="slices"/> slices, on the 2 ms
    /// endpoint, with VUs to spare (a busy test machine's pauses must not drop arrivals; what a takeover does must show).
    /// </summary>
    public static string ArrivalRate(DemoTarget target, string name, int slices, int rate, double seconds, string path = "/work?ms=2") =>
        string.Create(CultureInfo.InvariantCulture, $"""
            name: {name}
            slices: {slices}
            target: {target.BaseAddress.ToString().TrimEnd('/')}
            scenarios:
              - name: open
                executor: constant-arrival-rate
                rate: {rate}
                duration: {seconds}s
                preAllocatedVUs: {Math.Max(slices * 4, rate / 10)}
                maxVUs: {Math.Max(slices * 4, rate)}
                requests:
                  - name: req
                    path: {path}
            """);

    /// <summary>
    /// Seconds from <paramref name="killedAt"/> to the first response on a connection opened after it: when the slice's
    /// load reached the target again from its new runner (the surviving runners keep their connections).
    /// </summary>
    public static TimeSpan? LoadBackAfter(DemoTarget target, DateTimeOffset killedAt) =>
        target.ConnectionsFirstServed().Where(t => t > killedAt).Select(t => (TimeSpan?)(t - killedAt)).FirstOrDefault();

    public static Task<DemoTarget> TargetAsync() => DemoTarget.StartAsync(new DemoTargetOptions { Port = 0 }, CancellationToken.None);

    /// <summary>When the target started its latest response (UTC), from its /__stats.</summary>
    public static async Task<DateTimeOffset?> LastServedAtAsync(DemoTarget target)
    {
        using var http = new HttpClient { BaseAddress = target.BaseAddress };
        using var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri("/__stats", UriKind.Relative)));
        return stats.RootElement.GetProperty("lastAt") is { ValueKind: JsonValueKind.String } last ? last.GetDateTimeOffset() : null;
    }

    /// <summary>Every row of every slice of a run, as stored.</summary>
    public static async Task<IReadOnlyList<SliceSecond>> RowsAsync(PipelineStore store, string runId, int slices) =>
        await store.ReadAllSecondsAsync(runId, slices);

    /// <summary>
    /// True when each slice's attempts own disjoint, ordered ranges of seconds (attempt k's seconds all before attempt
    /// k+1's): the rule that keeps a second from being counted twice.
    /// </summary>
    public static int OverlappingAttempts(IReadOnlyList<SliceSecond> rows) =>
        rows.GroupBy(r => r.Slice).Sum(slice =>
        {
            var byAttempt = slice.GroupBy(r => r.Attempt).OrderBy(g => g.Key).Select(g => (First: g.Min(r => r.Second), Last: g.Max(r => r.Second))).ToList();
            return byAttempt.Zip(byAttempt.Skip(1)).Count(pair => pair.First.Last >= pair.Second.First);
        });

    /// <summary>One line of the closing table, in the test output.</summary>
    public static void Result(ITestOutputHelper output, string fault, string runsFinished, long secondsLost, long duplicates, TimeSpan? recovery) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"RESULT | {fault} | {runsFinished} | {secondsLost} | {duplicates} | {(recovery is { } r ? $"{r.TotalSeconds:0.0} s" : "-")}"));
}

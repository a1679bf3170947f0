using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessLoad.Bench;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.BuildReport;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.Storage;
using ServerlessLoad.Storage.Pipeline;

// Scale benchmarks: `generate` writes a synthetic run (slices x seconds x request names) into storage the way
// runners do; `report` builds its report, PNG charts included, with the real BuildReport function and prints wall time
// and peak memory; `plan` times planning on a running stack without runners (the API key in SLOAD_API_KEY).
// `browser-timeline URL COUNT`: Chromium's own performance timeline of a page, for bench/browser-vitals.sh.
if (args is ["browser-timeline", var pageUrl, var loads])
{
    return await BrowserTimeline.RunAsync(pageUrl, int.Parse(loads, CultureInfo.InvariantCulture));
}

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: generate CONNECTION RUN_ID SLICES SECONDS NAMES | report CONNECTION RUN_ID | profile CONNECTION RUN_ID | plan CONNECTION API_URL SLICES ROUNDS | sends CONNECTION COUNT CONCURRENCY | browser-timeline URL COUNT");
    return 2;
}

var store = new PipelineStore(StorageClients.FromConnectionString(args[1]));
await store.EnsureCreatedAsync();
var runId = args[2];
var clock = Stopwatch.StartNew();
switch (args[0])
{
    case "generate":
        var (slices, seconds, names) = (int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture));
        await GenerateAsync(store, runId, slices, seconds, names);
        Console.WriteLine($"generated {slices} slices x {seconds} s x {names} names in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    case "report":
        // Built again from the merge on: the same rows can be reported several times (one process per build).
        await store.UpdateRunAsync(runId, r =>
        {
            r.ReportStage = null;
            r.Status = RunStatus.Reporting;
            return true;
        });
        // Charts drawn as in the functions host, which draws a first chart when it starts (not timed here either).
        var images = new ChartImages(NullLogger<ChartImages>.Instance);
        await images.WarmUpAsync();
        clock.Restart();
        var failures = new DeliveryFailures(store, new HostSettings(), TimeProvider.System, NullLogger<DeliveryFailures>.Instance);
        var function = new BuildReportFunction(store, new BaselineFinder(store), images, failures, new PipelineSettings(), TimeProvider.System, new StderrLogger<BuildReportFunction>());
        await function.RunAsync(new ReportMessage(runId), CancellationToken.None);
        var run = await store.GetRunAsync(runId);
        using (var self = Process.GetCurrentProcess())
        {
            Console.WriteLine($"report of {runId}: {run?.Status}, {run?.Requests} requests, built in {clock.Elapsed.TotalSeconds:0.0} s, peak working set {self.PeakWorkingSet64 / (1024 * 1024)} MB");
            Console.WriteLine($"garbage collections: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2, paused {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms, {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MB allocated");
        }

        return run?.ReportStage == BuildReportFunction.Published ? 0 : 1;
    case "plan":
        return await PlanScale.RunAsync(
            store,
            new Uri(args[2]),
            Environment.GetEnvironmentVariable("SLOAD_API_KEY") ?? throw new InvalidOperationException("SLOAD_API_KEY is not set"),
            int.Parse(args[3], CultureInfo.InvariantCulture),
            int.Parse(args[4], CultureInfo.InvariantCulture));
    case "sends":
        // What the storage endpoint takes: COUNT slice-sized messages at CONCURRENCY in flight, to a scratch queue.
        var (count, concurrency) = (int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
        var scratch = store.Queue("bench-sends");
        await scratch.CreateIfNotExistsAsync();
        clock.Restart();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
            await store.SendAsync(scratch.Name, new SliceMessage("20261205-000000-000000", i, count), null, ct));
        Console.WriteLine($"{count} sends at {concurrency} in flight: {clock.Elapsed.TotalSeconds:0.000} s, {count / clock.Elapsed.TotalSeconds:0} a second");
        await scratch.DeleteAsync();
        return 0;
    case "profile":
        await ProfileAsync(store, runId);
        return 0;
    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}

// Where the merge's time goes, one part at a time: reading a run's rows (store and HTTP), then decoding and merging
// rows already in memory, each with its wall and CPU time.
static async Task ProfileAsync(PipelineStore store, string runId)
{
    var run = await store.GetRunAsync(runId) ?? throw new InvalidOperationException($"no run {runId}");
    var slices = new List<IReadOnlyList<EncodedSliceSecond>>();
    var read = Measure.Start();
    for (var slice = 0; slice < run.SliceCount; slice++)
    {
        slices.Add(await store.ReadEncodedSecondsAsync(runId, slice));
    }

    Console.WriteLine($"read {slices.Sum(s => s.Count)} rows: {read.Stop()}");
    var decode = Measure.Start();
    var scratch = new EncodedRequestStats();
    long decoded = 0;
    foreach (var row in slices.SelectMany(s => s))
    {
        SliceSecondCodec.ReadRequests(row.RequestsJson.Span, scratch, (_, stats) => decoded += stats.Requests);
    }

    Console.WriteLine($"decoded {decoded} requests without merging: {decode.Stop()}");
    var merge = Measure.Start();
    var builder = new ServerlessLoad.Reports.Aggregation.MergeBuilder(new HashSet<string>());
    foreach (var rows in slices)
    {
        builder.AddSlice(rows);
    }

    var merged = builder.Build();
    Console.WriteLine($"merged {merged.Totals.Requests} requests: {merge.Stop()}");
}

static async Task GenerateAsync(PipelineStore store, string runId, int slices, int seconds, int names)
{
    var plan = $"""
        name: report-scale
        slices: {slices}
        target: http://127.0.0.1:9
        scenarios:
          - name: s
            vus: {slices}
            duration: {seconds}s
            requests:
        {string.Join("\n", Enumerable.Range(0, names).Select(n => $"      - name: r{n}\n        path: /r{n}"))}
        thresholds:
          - latency.p95 < 1s
        """;
    var start = DateTimeOffset.UtcNow.AddSeconds(-seconds - 5);
    await store.PutPlanAsync(runId, plan);
    await store.CreateRunAsync(new RunRecord
    {
        RunId = runId, PlanName = "report-scale", Status = RunStatus.Reporting, CreatedAt = start, SliceCount = slices,
        StartAt = start, EndedAt = start.AddSeconds(seconds), PlannedSeconds = seconds,
    });
    // A few dozen distinct seconds, reused: drawing 20 samples x NAMES histograms for every row made the generator,
    // not the store, the slow part of a 1,000-slice run. Each row is still encoded and stored on its own.
    var random = new Random(42);
    var distinct = Enumerable.Range(0, 64).Select(_ => Second(random, names)).ToArray();
    Console.WriteLine($"a row's per-request JSON: {distinct.Average(d => SliceSecondCodec.EncodeRequests(d).Length):0} characters on average");
    await Parallel.ForEachAsync(Enumerable.Range(0, slices), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (slice, ct) =>
    {
        var rows = new List<SliceSecond>(seconds);
        long total = 0;
        for (var second = 0; second < seconds; second++)
        {
            var requests = distinct[((slice * 7) + second) % distinct.Length];
            total += 20L * names;
            rows.Add(new SliceSecond { RunId = runId, Slice = slice, Attempt = 1, Second = second, ActiveVus = 1, Requests = requests });
        }

        await store.WriteSecondsAsync(rows, ct);
        await store.CreateSliceIfMissingAsync(new SliceRecord
        {
            RunId = runId, Index = slice, Status = SliceStatus.Completed, Attempt = 1, Requests = total,
            StartedAt = start, EndedAt = start.AddSeconds(seconds),
        }, ct);
    });
}

static Dictionary<string, RequestStats> Second(Random random, int names)
{
    var requests = new Dictionary<string, RequestStats>(StringComparer.Ordinal);
    for (var n = 0; n < names; n++)
    {
        var stats = new RequestStats();
        for (var i = 0; i < 20; i++)
        {
            stats.Latency.RecordMicros((long)Math.Exp((random.NextDouble() * 3) + 8.5));
        }

        stats.Requests = 20;
        stats.StatusCodes["200"] = 20;
        requests[$"r{n}"] = stats;
    }

    return requests;
}

/// <summary>Wall and process CPU time of one part of the work.</summary>
internal sealed class Measure
{
    private readonly Stopwatch wall = Stopwatch.StartNew();
    private readonly TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;

    public static Measure Start() => new();

    public string Stop()
    {
        using var self = Process.GetCurrentProcess();
        return $"{wall.Elapsed.TotalSeconds:0.00} s wall, {(self.TotalProcessorTime - cpu).TotalSeconds:0.00} s CPU";
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using ServerlessLoad.Core.Histograms;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Cli.Direct;

/// <summary>What <c>sload quick</c> reports: totals over every second of the run, merged from the histograms.</summary>
internal sealed class QuickSummary
{
    private readonly RequestStats totals = new();
    private readonly List<GeneratorHealth> health = [];
    private readonly SortedDictionary<long, long> perSecond = [];

    public long DroppedArrivals { get; private set; }

    public double DurationSeconds { get; set; }

    /// <summary>The generator's scheduling lag over the whole run (every 1 ms timer sample).</summary>
    public LatencyHistogram TimerLag { get; set; } = new();

    public RequestStats Totals => totals;

    public bool GeneratorSaturated => GeneratorHealth.WasSaturated(health);

    public double RequestsPerSecond => DurationSeconds <= 0 ? 0 : totals.Requests / DurationSeconds;

    public void Add(IEnumerable<SliceSecond> seconds)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        foreach (var second in seconds)
        {
            foreach (var stats in second.Requests.Values)
            {
                totals.Add(stats);
            }

            perSecond[second.Second] = perSecond.GetValueOrDefault(second.Second) + second.TotalRequests;

            DroppedArrivals += second.DroppedArrivals.Values.Sum();
            if (second.Health is { } h)
            {
                health.Add(h);
            }
        }
    }

    public string ToJson(QuickOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("url", options.Url.AbsoluteUri);
            json.WriteString("method", options.Method);
            json.WriteNumber("connections", options.Connections);
            json.WriteString("protocol", options.Http2 ? "HTTP/2" : "HTTP/1.1");
            if (options.Http2)
            {
                json.WriteNumber("streamsPerConnection", options.Streams ?? 1);
            }
            json.WriteNumber("durationSeconds", Math.Round(DurationSeconds, 3));
            if (options.Rate is { } rate)
            {
                json.WriteNumber("rate", rate);
            }

            json.WriteNumber("requests", totals.Requests);
            json.WriteNumber("failures", totals.Failures);
            json.WriteNumber("rps", Math.Round(RequestsPerSecond, 1));
            WriteLatency(json, "latencyMs", totals.Latency);
            WriteLatency(json, "serviceTimeMs", totals.ServiceTime);
            WriteLatency(json, "ttfbMs", totals.TimeToFirstByte);
            json.WriteNumber("newConnections", totals.ConnectTime.TotalCount);
            WriteCounts(json, "statusCodes", totals.StatusCodes);
            WriteCounts(json, "failureCategories", totals.FailureCategories);
            json.WriteNumber("droppedArrivals", DroppedArrivals);
            json.WriteNumber("bytesSent", totals.BytesSent);
            json.WriteNumber("bytesReceived", totals.BytesReceived);
            json.WriteStartArray("perSecond");
            foreach (var count in perSecond.Values)
            {
                json.WriteNumberValue(count);
            }

            json.WriteEndArray();
            json.WriteStartObject("generator");
            json.WriteBoolean("saturated", GeneratorSaturated);
            json.WriteNumber("cpuMaxPercent", health.Count == 0 ? 0 : health.Max(h => h.CpuPercent));
            json.WriteNumber("lagP99Ms", Milliseconds(TimerLag.ValueAtPercentile(99)));
            json.WriteNumber("lagMaxMs", Milliseconds(TimerLag.MaxMicros));
            json.WriteNumber("lagP99MaxMs", health.Count == 0 ? 0 : Milliseconds(health.Max(h => h.LagP99Micros)));
            json.WriteNumber("lagP99MedianMs", health.Count == 0 ? 0 : Milliseconds(health.Select(h => h.LagP99Micros).Order().ElementAt(health.Count / 2)));
            json.WriteNumber("workingSetMaxBytes", health.Count == 0 ? 0 : health.Max(h => h.WorkingSetBytes));
            json.WriteStartArray("lagP99PerSecondMs");
            foreach (var second in health)
            {
                json.WriteNumberValue(Milliseconds(second.LagP99Micros));
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public IEnumerable<string> ToLines(QuickOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connections = options.Http2 ? $"{options.Connections} HTTP/2 connections x {options.Streams ?? 1} streams" : $"{options.Connections} connections";
        var model = options.Rate is { } rate ? $"{Number(rate)}/s arrival rate over {connections}" : $"{connections}, closed model";
        yield return $"{options.Method} {options.Url.AbsoluteUri}: {model}, {DurationSeconds:0.0} s";
        yield return $"  requests    {totals.Requests} ({RequestsPerSecond:0.0}/s)";
        var failureRate = totals.Requests == 0 ? 0 : 100.0 * totals.Failures / totals.Requests;
        var categories = totals.FailureCategories.Count == 0 ? string.Empty : "  " + string.Join(" ", totals.FailureCategories.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}:{kv.Value}"));
        yield return $"  failures    {totals.Failures} ({failureRate:0.00}%){categories}";
        yield return $"  latency     {Percentiles(totals.Latency)}";
        if (options.Rate is not null)
        {
            yield return $"  service     {Percentiles(totals.ServiceTime)}";
            yield return $"  dropped     {DroppedArrivals} arrivals found no free VU";
        }

        yield return $"  first byte  {Percentiles(totals.TimeToFirstByte)}";
        yield return $"  status      {string.Join(" ", totals.StatusCodes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{kv.Value}"))}";
        yield return $"  connections {totals.ConnectTime.TotalCount} opened, connect p50 {Milliseconds(totals.ConnectTime.ValueAtPercentile(50)):0.00} ms";
        yield return $"  transfer    {totals.BytesSent / 1024.0:0.0} KiB sent, {totals.BytesReceived / 1024.0:0.0} KiB received";
        if (health.Count > 0)
        {
            var verdict = GeneratorSaturated ? "  SATURATED: the numbers above measure the generator as much as the target" : string.Empty;
            yield return $"  generator   CPU max {health.Max(h => h.CpuPercent):0}%, timer lag p99 {Milliseconds(TimerLag.ValueAtPercentile(99)):0.00} ms (worst second {Milliseconds(health.Max(h => h.LagP99Micros)):0.00} ms){verdict}";
        }

        foreach (var (category, samples) in totals.FailureSamples)
        {
            foreach (var sample in samples)
            {
                yield return $"  e.g. {category}: {sample}";
            }
        }
    }

    private static string Percentiles(LatencyHistogram histogram) =>
        histogram.TotalCount == 0
            ? "-"
            : string.Create(CultureInfo.InvariantCulture,
                $"p50 {Milliseconds(histogram.ValueAtPercentile(50)):0.000} ms  p90 {Milliseconds(histogram.ValueAtPercentile(90)):0.000} ms  p99 {Milliseconds(histogram.ValueAtPercentile(99)):0.000} ms  max {Milliseconds(histogram.MaxMicros):0.000} ms");

    private static void WriteLatency(Utf8JsonWriter json, string name, LatencyHistogram histogram)
    {
        json.WriteStartObject(name);
        json.WriteNumber("p50", Milliseconds(histogram.ValueAtPercentile(50)));
        json.WriteNumber("p90", Milliseconds(histogram.ValueAtPercentile(90)));
        json.WriteNumber("p99", Milliseconds(histogram.ValueAtPercentile(99)));
        json.WriteNumber("p999", Milliseconds(histogram.ValueAtPercentile(99.9)));
        json.WriteNumber("max", Milliseconds(histogram.MaxMicros));
        json.WriteNumber("mean", Math.Round(histogram.MeanMicros / 1000, 3));
        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, Dictionary<string, long> counts)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(key, value);
        }

        json.WriteEndObject();
    }

    private static double Milliseconds(long micros) => Math.Round(micros / 1000.0, 3);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Text.Json;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>What the fault tests check in a report.json.</summary>
public sealed record ReportView(string Verdict, long Requests, IReadOnlyList<SliceView> Slices, IReadOnlyList<string> Errors, IReadOnlyList<long> PerSecond)
{
    public double LatencyP99Ms { get; init; }

    public double LatencyMaxMs { get; init; }

    public long DroppedArrivals { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The missing load's one-line summary; null when no planned second went unmeasured.</summary>
    public string? MissingLoad { get; init; }

    public long MissingSeconds => Slices.Sum(s => s.Missing.Sum(m => m.To - m.From + 1));

    public static ReportView Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new ReportView(
            root.GetProperty("verdict").GetString()!,
            root.GetProperty("totals").GetProperty("requests").GetInt64(),
            root.GetProperty("slices").EnumerateArray().Select(SliceView.From).ToList(),
            root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList(),
            root.GetProperty("perSecond").EnumerateArray().Select(s => s.GetProperty("second").GetInt64()).ToList())
        {
            LatencyP99Ms = root.GetProperty("totals").GetProperty("latencyMs").GetProperty("p99").GetDouble(),
            LatencyMaxMs = root.GetProperty("totals").GetProperty("latencyMs").GetProperty("max").GetDouble(),
            DroppedArrivals = root.GetProperty("totals").TryGetProperty("droppedArrivals", out var dropped) ? dropped.GetInt64() : 0,
            Warnings = root.TryGetProperty("warnings", out var warnings) ? warnings.EnumerateArray().Select(w => w.GetString()!).ToList() : [],
            MissingLoad = root.TryGetProperty("missingLoad", out var missing) ? missing.GetProperty("summary").GetString() : null,
        };
    }
}

public sealed record SliceView(int Index, string Status, int Attempt, long Requests, long ReportedRequests, string? Error, IReadOnlyList<MissingView> Missing)
{
    public static SliceView From(JsonElement slice) => new(
        slice.GetProperty("index").GetInt32(),
        slice.GetProperty("status").GetString()!,
        slice.GetProperty("attempt").GetInt32(),
        slice.GetProperty("requests").GetInt64(),
        slice.GetProperty("reportedRequests").GetInt64(),
        slice.GetProperty("error").GetString(),
        slice.TryGetProperty("missingSeconds", out var missing)
            ? missing.EnumerateArray().Select(m => new MissingView(m.GetProperty("from").GetInt64(), m.GetProperty("to").GetInt64(), m.GetProperty("reason").GetString()!)).ToList()
            : []);
}

public sealed record MissingView(long From, long To, string Reason);

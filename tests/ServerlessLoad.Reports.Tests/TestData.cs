using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;

namespace ServerlessLoad.Reports.Tests;

/// <summary>Small builders for plans, rows and run facts.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static Plan Plan(params string[] thresholds) => new()
    {
        Name = "checkout",
        Slices = 2,
        Targets = new Dictionary<string, Uri> { ["shop"] = new("http://127.0.0.1:8080/api/") },
        Scenarios =
        [
            new Scenario
            {
                Name = "browse",
                Vus = 10,
                Duration = TimeSpan.FromSeconds(60),
                Requests =
                [
                    new RequestSpec { Name = "home", Target = "shop", Path = "/" },
                    new RequestSpec { Name = "search", Method = "POST", Target = "shop", Path = "/search?q=x" },
                ],
            },
        ],
        Thresholds = thresholds,
    };

    /// <summary>One request name's stats: one request per latency, the first <paramref name="failures"/> of them failed with 500.</summary>
    public static RequestStats Stats(int failures, params long[] latenciesMicros)
    {
        var stats = new RequestStats { Requests = latenciesMicros.Length, Failures = failures };
        for (var i = 0; i < latenciesMicros.Length; i++)
        {
            stats.Latency.RecordMicros(latenciesMicros[i]);
            var status = i < failures ? "500" : "200";
            stats.StatusCodes[status] = stats.StatusCodes.GetValueOrDefault(status) + 1;
            stats.BytesSent += 100;
            stats.BytesReceived += 1000;
        }

        if (failures > 0)
        {
            stats.FailureCategories["status"] = failures;
            stats.AddSample("status", "HTTP 500 Internal Server Error");
        }

        return stats;
    }

    public static RequestStats Ok(params long[] latenciesMicros) => Stats(0, latenciesMicros);

    public static SliceSecond Row(int slice, long second, params (string Name, RequestStats Stats)[] requests) =>
        Row(slice, second, attempt: 1, activeVus: 0, requests);

    public static SliceSecond Row(int slice, long second, int attempt, int activeVus, params (string Name, RequestStats Stats)[] requests) => new()
    {
        RunId = "run-1",
        Slice = slice,
        Second = second,
        Attempt = attempt,
        ActiveVus = activeVus,
        Requests = requests.ToDictionary(r => r.Name, r => r.Stats, StringComparer.Ordinal),
    };

    public static SliceFacts Completed(int index, long requests = 0, int attempt = 1) =>
        new(index, SliceStatus.Completed, attempt, requests, 0);

    public static RunFacts Facts(Plan? plan, params SliceFacts[] slices) => new()
    {
        RunId = "run-1",
        Plan = plan,
        PlanName = plan?.Name ?? "checkout",
        StartedAt = Start,
        EndedAt = Start.AddSeconds(2.5),
        Trigger = "api",
        Slices = slices,
    };

    /// <summary>
    /// The known run used by the rendering tests: 7 requests over 2 seconds and 2 slices, one failure, latencies
    /// below 2.048 ms so the histogram holds them exactly.
    /// </summary>
    public static (RunFacts Facts, IReadOnlyList<SliceSecond> Rows) KnownRun(params string[] thresholds)
    {
        var rows = new List<SliceSecond>
        {
            Row(0, 0, attempt: 1, activeVus: 5, ("home", Ok(1000, 1200, 1400))),
            Row(1, 0, attempt: 2, activeVus: 5, ("home", Stats(1, 1600))),
            Row(0, 1, attempt: 1, activeVus: 5, ("search", Ok(500, 700))),
            Row(1, 1, attempt: 2, activeVus: 5, ("zeta", Ok(300))),
        };
        var facts = Facts(Plan(thresholds), Completed(0, requests: 5), Completed(1, requests: 2, attempt: 2));
        return (facts, rows);
    }
}

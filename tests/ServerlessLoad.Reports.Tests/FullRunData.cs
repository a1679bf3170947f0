using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using static ServerlessLoad.Reports.Tests.TestData;

namespace ServerlessLoad.Reports.Tests;

/// <summary>
/// A run that has everything the engine measures: a constant-vus scenario of requests ("browse": home) and an
/// arrival-rate scenario of steps ("chat": login with checks, a pause, a websocket step "chat"), service time, time to
/// first byte, connect time, checks, dropped arrivals and generator health. Latencies stay below 2.048 ms so the
/// histograms hold them exactly.
/// </summary>
internal static class FullRunData
{
    public static Plan Plan(params string[] thresholds) => new()
    {
        Name = "journey",
        Slices = 2,
        Targets = new Dictionary<string, Uri> { ["shop"] = new("http://127.0.0.1:8080/api/") },
        Scenarios =
        [
            new Scenario
            {
                Name = "browse",
                Vus = 4,
                Duration = TimeSpan.FromSeconds(10),
                Requests = [new RequestSpec { Name = "home", Target = "shop", Path = "/" }],
            },
            new Scenario
            {
                Name = "chat",
                Executor = Executors.ConstantArrivalRate,
                Rate = 3,
                Duration = TimeSpan.FromSeconds(10),
                StartTime = TimeSpan.FromSeconds(1),
                PreAllocatedVus = 2,
                Requests = [],
                Steps =
                [
                    new HttpStep { Request = new RequestSpec { Name = "login", Method = "POST", Target = "shop", Path = "/login" } },
                    new ThinkStep { Think = ThinkTime.Fixed(TimeSpan.FromMilliseconds(100)) },
                    new WebSocketStep
                    {
                        Name = "chat",
                        Target = "shop",
                        Path = "/ws",
                        Actions = [new WebSocketSend("hi"), new WebSocketExpect("hi", TimeSpan.FromSeconds(1))],
                    },
                ],
            },
        ],
        Thresholds = thresholds,
    };

    /// <summary>An HTTP key's stats with service time (latency minus 100 µs), time to first byte (half) and checks.</summary>
    public static RequestStats Http(int checks, int checksFailed, params long[] latenciesMicros)
    {
        var stats = Ok(latenciesMicros);
        foreach (var latency in latenciesMicros)
        {
            stats.ServiceTime.RecordMicros(latency - 100);
            stats.TimeToFirstByte.RecordMicros(latency / 2);
        }

        stats.ConnectTime.RecordMicros(250);
        stats.Checks = checks;
        stats.ChecksFailed = checksFailed;
        return stats;
    }

    public static GeneratorHealth Health(double cpu, long lagP99Micros = 1_000) => new()
    {
        CpuPercent = cpu,
        LagP99Micros = lagP99Micros,
        LagMaxMicros = lagP99Micros * 2,
        WorkingSetBytes = 100L * 1024 * 1024,
        GcHeapBytes = 20L * 1024 * 1024,
        GcPauseMicros = 500,
        InFlight = 3,
        ActiveVus = 4,
    };

    /// <summary>
    /// Two seconds, two slices. home: 1000, 1200 (s0), 1400 (s1); login: 600 (s0, 2 checks, 1 failed), 700, 900 (s1, 4
    /// checks); chat.connect: 1500 (s0), 1700 (s1); chat.roundtrip: 300, 500 (s0), 400 (s1). Slice 0 is saturated in
    /// both its seconds; slice 1 never. Dropped arrivals of chat: 1 in second 0 (slice 0), 2 in second 1 (slice 1).
    /// </summary>
    public static (RunFacts Facts, IReadOnlyList<SliceSecond> Rows) Run(params string[] thresholds)
    {
        var rows = new List<SliceSecond>
        {
            Row(0, 0, attempt: 1, activeVus: 3, ("home", Http(0, 0, 1000)), ("login", Http(2, 1, 600)), ("chat.connect", Ok(1500)), ("chat.roundtrip", Ok(300, 500))) with
            {
                DroppedArrivals = new Dictionary<string, long> { ["chat"] = 1 },
                Health = Health(cpu: 95),
            },
            Row(1, 0, attempt: 1, activeVus: 2, ("home", Http(0, 0, 1200))) with { Health = Health(cpu: 20) },
            Row(0, 1, attempt: 1, activeVus: 3, ("login", Http(4, 0, 700, 900)), ("chat.connect", Ok(1700)), ("chat.roundtrip", Ok(400))) with
            {
                Health = Health(cpu: 40, lagP99Micros: 60_000),
            },
            Row(1, 1, attempt: 1, activeVus: 2, ("home", Http(0, 0, 1400))) with
            {
                DroppedArrivals = new Dictionary<string, long> { ["chat"] = 2 },
                Health = Health(cpu: 30),
            },
        };
        var facts = Facts(Plan(thresholds), Completed(0, requests: 9), Completed(1, requests: 2)) with { PlanName = "journey" };
        return (facts, rows);
    }

    public static RunReport Report(params string[] thresholds)
    {
        var (facts, rows) = Run(thresholds);
        return ReportBuilder.Build(facts, rows);
    }
}

namespace ServerlessLoad.Core.Plans;

/// <summary>A validated load plan: what to hit, how hard, for how long, and what counts as a pass.</summary>
public sealed record Plan
{
    public required string Name { get; init; }

    /// <summary>How many slices (runner work items) the load is split into.</summary>
    public int Slices { get; init; } = 1;

    /// <summary>Named base URLs; requests refer to them by name.</summary>
    public required IReadOnlyDictionary<string, Uri> Targets { get; init; }

    public required IReadOnlyList<Scenario> Scenarios { get; init; }

    /// <summary>
    /// The plan-level <c>load:</c> the weighted scenarios share (its executor, load fields, startTime and gracefulStop;
    /// name and work empty); null when no scenario has a <see cref="Scenario.Weight"/>. The weighted scenarios already
    /// carry their shares (<see cref="WeightedLoad"/>); this is kept so the plan is written back in the form it was read.
    /// </summary>
    public Scenario? Load { get; init; }

    /// <summary>Threshold expressions such as <c>failures.rate &lt; 1%</c>, judged by the report.</summary>
    public IReadOnlyList<string> Thresholds { get; init; } = [];

    /// <summary>The thresholds (by expression) that cancel the run once certainly violated: <c>abortOnFail</c> entries.</summary>
    public IReadOnlyList<ThresholdAbort> AbortOnFail { get; init; } = [];

    /// <summary>Comparison with an earlier run; null compares with the last passed run of the same name, defaults.</summary>
    public BaselineSpec? Baseline { get; init; }

    /// <summary>
    /// The share of the planned load (slice-seconds) that may go unmeasured (a runner lost, a late start) before the run
    /// errors whatever its thresholds say; null leaves it to the pipeline's setting (1% by default).
    /// </summary>
    public double? MaxMissingLoad { get; init; }

    /// <summary>Every measured entry (requests, websocket connects and round trips, browser steps) with its scenario and kind, in plan order.</summary>
    public IEnumerable<PlanMetric> Metrics => Scenarios.SelectMany(s => s.Metrics);

    /// <summary>The longest any scenario runs, from the common start (iteration executors count their maxDuration).</summary>
    public TimeSpan TotalDuration => Scenarios.Count == 0 ? TimeSpan.Zero : Scenarios.Max(s => s.StartTime + s.Length);
}

/// <summary>
/// One workload and its load model. Which fields apply depends on <see cref="Executor"/> (k6's executors and their
/// semantics); the plan reader rejects fields that do not apply, so a scenario carries defaults for the rest.
/// </summary>
public sealed record Scenario
{
    public static readonly TimeSpan DefaultMaxDuration = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan DefaultGracefulStop = TimeSpan.FromSeconds(30);

    public required string Name { get; init; }

    /// <summary>k6 executor name, one of <see cref="Executors.All"/>.</summary>
    public string Executor { get; init; } = Executors.ConstantVus;

    /// <summary>Virtual users of constant-vus, shared-iterations and per-vu-iterations.</summary>
    public int Vus { get; init; }

    /// <summary>shared-iterations: iterations shared by all VUs; per-vu-iterations: iterations of each VU.</summary>
    public int Iterations { get; init; }

    /// <summary>How long constant-vus and constant-arrival-rate run.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Upper bound of shared-iterations and per-vu-iterations: no iteration starts after it.</summary>
    public TimeSpan MaxDuration { get; init; } = DefaultMaxDuration;

    /// <summary>constant-arrival-rate: iterations started per <see cref="TimeUnit"/>.</summary>
    public int Rate { get; init; }

    /// <summary>ramping-arrival-rate: the rate (per <see cref="TimeUnit"/>) before the first stage.</summary>
    public int StartRate { get; init; }

    public TimeSpan TimeUnit { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Set when the scenario takes a share of the plan's <see cref="Plan.Load"/> by weight instead of having its own
    /// executor; its load fields then hold that share, so executors and slicing treat it like any other scenario.
    /// </summary>
    public int? Weight { get; init; }

    /// <summary>Arrival-rate executors: VUs made ready before the start.</summary>
    public int PreAllocatedVus { get; init; }

    /// <summary>Arrival-rate executors: the most VUs a scenario may use; an arrival finding none free is dropped.</summary>
    public int MaxVus { get; init; }

    /// <summary>ramping-vus: VUs before the first stage.</summary>
    public int StartVus { get; init; }

    /// <summary>ramping-vus (targets are VUs) and ramping-arrival-rate (targets are rates): linear ramps, in order.</summary>
    public IReadOnlyList<Stage> Stages { get; init; } = [];

    /// <summary>Offset from the run's start at which this scenario begins.</summary>
    public TimeSpan StartTime { get; init; }

    /// <summary>How long requests still running at the scenario's end may take before they are cut off.</summary>
    public TimeSpan GracefulStop { get; init; } = DefaultGracefulStop;

    /// <summary>A pause after every iteration (fixed, uniform or normal); the VU stays busy while it thinks.</summary>
    public ThinkTime ThinkTime { get; init; } = ThinkTime.None;

    /// <summary>
    /// Arrival-rate executors: keep-alive connections per target shared by the scenario's VUs (requests wait for a free
    /// one, and their latency counts from their intended start); null gives every VU its own.
    /// </summary>
    public int? Connections { get; init; }

    /// <summary><see cref="HttpVersions.Http11"/> or <see cref="HttpVersions.Http2"/>.</summary>
    public string HttpVersion { get; init; } = HttpVersions.Http11;

    /// <summary>
    /// HTTP/2: requests one connection carries at once (h2load's -m). A slice opens as many connections per target as
    /// its VUs need at that many streams each (ceiling of VUs / streams), or, with <see cref="Connections"/>, that
    /// many; null takes <see cref="DefaultStreamsPerConnection"/>. A property of each connection, so not sliced.
    /// </summary>
    public int? StreamsPerConnection { get; init; }

    /// <summary>Streams per HTTP/2 connection when a plan does not say: one connection carries up to 100 VUs, as browsers do.</summary>
    public const int DefaultStreamsPerConnection = 100;

    /// <summary>Accept any TLS certificate (self-signed test servers); validation is on unless a plan turns it off.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>Open a new connection for every iteration instead of keeping connections alive.</summary>
    public bool NewConnectionPerIteration { get; init; }

    /// <summary>Each iteration picks one request by weight (a scenario has either requests or <see cref="Steps"/>).</summary>
    public required IReadOnlyList<RequestSpec> Requests { get; init; }

    /// <summary>Each iteration runs all of these in order; empty when the scenario uses <see cref="Requests"/>.</summary>
    public IReadOnlyList<Step> Steps { get; init; } = [];

    /// <summary>Rows for <c>{{source.column}}</c> templates.</summary>
    public IReadOnlyList<DataSource> Data { get; init; } = [];

    /// <summary>Each VU keeps the cookies its responses set and sends them back (a cookie jar per VU).</summary>
    public bool Cookies { get; init; }

    /// <summary>The scenario's measured entries, in plan order.</summary>
    public IEnumerable<PlanMetric> Metrics => Steps.Count == 0
        ? Requests.Select(r => new PlanMetric(r.Name, Name, MetricKinds.Http))
        : Steps.SelectMany(step => step switch
        {
            HttpStep http => [new PlanMetric(http.Request.Name, Name, MetricKinds.Http)],
            WebSocketStep ws => new[]
            {
                new PlanMetric(ws.ConnectMetric, Name, MetricKinds.WebSocketConnect),
                new PlanMetric(ws.RoundTripMetric, Name, MetricKinds.WebSocketRoundTrip),
            },
            BrowserStep browser => [new PlanMetric(browser.Name, Name, MetricKinds.Browser)],
            _ => [],
        });

    /// <summary>How long the scenario generates load: its duration, its stages, or the maxDuration of iteration executors.</summary>
    public TimeSpan Length => Executor switch
    {
        Executors.RampingVus or Executors.RampingArrivalRate => Stages.Aggregate(TimeSpan.Zero, (sum, stage) => sum + stage.Duration),
        Executors.SharedIterations or Executors.PerVuIterations => MaxDuration,
        _ => Duration,
    };

    public bool IsArrivalRate => Executor is Executors.ConstantArrivalRate or Executors.RampingArrivalRate;
}

/// <summary>One linear ramp: from the previous target (or the start value) to <see cref="Target"/> over <see cref="Duration"/>.</summary>
public readonly record struct Stage(TimeSpan Duration, int Target);

public static class Executors
{
    public const string ConstantVus = "constant-vus";
    public const string RampingVus = "ramping-vus";
    public const string SharedIterations = "shared-iterations";
    public const string PerVuIterations = "per-vu-iterations";
    public const string ConstantArrivalRate = "constant-arrival-rate";
    public const string RampingArrivalRate = "ramping-arrival-rate";

    public static readonly IReadOnlyList<string> All =
        [ConstantVus, RampingVus, SharedIterations, PerVuIterations, ConstantArrivalRate, RampingArrivalRate];
}

public static class HttpVersions
{
    public const string Http11 = "1.1";
    public const string Http2 = "2";

    public static readonly IReadOnlyList<string> All = [Http11, Http2];
}

public sealed record RequestSpec
{
    public required string Name { get; init; }

    public int Weight { get; init; } = 1;

    public string Method { get; init; } = "GET";

    /// <summary>Name of an entry of <see cref="Plan.Targets"/>.</summary>
    public required string Target { get; init; }

    /// <summary>Path and query, relative to the target's base URL.</summary>
    public required string Path { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public string? Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Statuses that count as success; empty means 200-399.</summary>
    public IReadOnlyList<StatusRange> Expect { get; init; } = [];

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool IsExpected(int status)
    {
        // Called for every response: an index loop, as a lambda capturing the status or an enumerator of the list
        // would be allocated on each call.
        if (Expect.Count == 0)
        {
            return status is >= 200 and < 400;
        }

        for (var i = 0; i < Expect.Count; i++)
        {
            if (Expect[i].Contains(status))
            {
                return true;
            }
        }

        return false;
    }
}

public readonly record struct StatusRange(int From, int To)
{
    public bool Contains(int status) => status >= From && status <= To;

    public override string ToString() => From == To ? From.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{From}-{To}";
}

/// <summary>
/// How a run is compared with an earlier one: a pinned run id, or (when null) the last passed run of the same plan
/// name; a regression is a change worse than <see cref="Tolerance"/>; with <see cref="Gate"/> a statistically
/// significant regression fails the verdict.
/// </summary>
public sealed record BaselineSpec
{
    public string? RunId { get; init; }

    public double Tolerance { get; init; } = 0.10;

    public bool Gate { get; init; }
}

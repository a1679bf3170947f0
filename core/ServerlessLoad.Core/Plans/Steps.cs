namespace ServerlessLoad.Core.Plans;

/// <summary>
/// One step of a scenario written with <c>steps:</c>: every iteration runs all of them in order (a user journey), where
/// <c>requests:</c> picks one request by weight. Strings of http and websocket steps may hold templates
/// (<c>{{vu}}</c>, <c>{{iteration}}</c>, <c>{{uuid}}</c>, <c>{{randomInt a b}}</c>, captured variables, data columns).
/// </summary>
public abstract record Step;

/// <summary>An HTTP request, checks on its response, and values captured from it for later steps.</summary>
public sealed record HttpStep : Step
{
    /// <summary>The request; its name keys its results (its weight is unused in a step list).</summary>
    public required RequestSpec Request { get; init; }

    public IReadOnlyList<Check> Checks { get; init; } = [];

    public IReadOnlyList<Capture> Captures { get; init; } = [];
}

/// <summary>A pause inside the iteration; it is not measured.</summary>
public sealed record ThinkStep : Step
{
    public required ThinkTime Think { get; init; }
}

/// <summary>
/// A WebSocket conversation: connect (measured as <c>{Name}.connect</c>), then its actions in order; every expect is
/// measured from the send before it to the matching message as <c>{Name}.roundtrip</c>. The connection closes at the
/// end of the step.
/// </summary>
public sealed record WebSocketStep : Step
{
    public const string ConnectSuffix = ".connect";

    public const string RoundTripSuffix = ".roundtrip";

    public required string Name { get; init; }

    /// <summary>Name of an entry of <see cref="Plan.Targets"/> (http becomes ws, https becomes wss).</summary>
    public required string Target { get; init; }

    public required string Path { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public required IReadOnlyList<WebSocketAction> Actions { get; init; }

    public string ConnectMetric => Name + ConnectSuffix;

    public string RoundTripMetric => Name + RoundTripSuffix;
}

public abstract record WebSocketAction;

/// <summary>Sends one text message (a JSON body is serialised to text when the plan is read).</summary>
public sealed record WebSocketSend(string Text) : WebSocketAction;

/// <summary>Waits for a message matching <see cref="Pattern"/> (a regular expression); other messages are skipped.</summary>
public sealed record WebSocketExpect(string Pattern, TimeSpan Timeout) : WebSocketAction;

/// <summary>Keeps the connection open, reading and discarding messages.</summary>
public sealed record WebSocketHold(TimeSpan Duration) : WebSocketAction;

/// <summary>Closes the connection with a normal closure handshake.</summary>
public sealed record WebSocketClose : WebSocketAction;

/// <summary>A condition on a response; a failed check makes the request a failure of category <c>check</c>.</summary>
/// <param name="Kind">What is checked.</param>
/// <param name="Subject">Header name (<see cref="CheckKind.Header"/>) or JSON path (the JsonPath kinds).</param>
/// <param name="Expected">
/// Expected header value or part of it, body substring, or JSON value as JSON text (<c>42</c>, <c>"abc"</c>: compare
/// with <see cref="JsonPathExpression.ValueEquals"/>); null for exists checks.
/// </param>
/// <param name="Statuses">Allowed statuses of a <see cref="CheckKind.Status"/> check.</param>
/// <param name="Bound">The latency bound of a <see cref="CheckKind.LatencyUnder"/> check.</param>
public sealed record Check(CheckKind Kind, string? Subject, string? Expected, IReadOnlyList<StatusRange> Statuses, TimeSpan Bound)
{
    /// <summary>How the check reads in a plan and in failure samples.</summary>
    public string Description => Kind switch
    {
        CheckKind.Status => $"status in [{string.Join(", ", Statuses)}]",
        CheckKind.Header => Expected is null ? $"header {Subject} present" : $"header {Subject} == {Expected}",
        CheckKind.HeaderContains => $"header {Subject} contains {Expected}",
        CheckKind.BodyContains => $"body contains {Expected}",
        CheckKind.JsonPathEquals => $"{Subject} == {Expected}",
        CheckKind.JsonPathExists => $"{Subject} exists",
        CheckKind.LatencyUnder => $"latency < {DurationText.Format(Bound)}",
        _ => Kind.ToString(),
    };
}

public enum CheckKind
{
    Status,
    Header,
    BodyContains,
    JsonPathEquals,
    JsonPathExists,
    LatencyUnder,

    /// <summary>The header is present and its value contains <see cref="Check.Expected"/> (ordinal).</summary>
    HeaderContains,
}

/// <summary>Stores a value from a response in a VU variable for later steps (and later iterations of the same VU).</summary>
/// <param name="Variable">The variable's name, used as <c>{{Variable}}</c>.</param>
/// <param name="Source">Where the value comes from.</param>
/// <param name="Expression">JSON path (<c>$.a.b[0]</c>), header name, or a regular expression whose first group (or whole match) is taken.</param>
public sealed record Capture(string Variable, CaptureSource Source, string Expression);

public enum CaptureSource
{
    JsonPath,
    Header,
    Regex,
}

/// <summary>A pause: fixed, uniform between two bounds, or normal (clipped at zero).</summary>
public sealed record ThinkTime(ThinkDistribution Distribution, TimeSpan First, TimeSpan Second)
{
    public static readonly ThinkTime None = Fixed(TimeSpan.Zero);

    public static ThinkTime Fixed(TimeSpan duration) => new(ThinkDistribution.Fixed, duration, TimeSpan.Zero);

    public static ThinkTime Uniform(TimeSpan min, TimeSpan max) => new(ThinkDistribution.Uniform, min, max);

    public static ThinkTime Normal(TimeSpan mean, TimeSpan stddev) => new(ThinkDistribution.Normal, mean, stddev);

    public bool IsNone => Distribution == ThinkDistribution.Fixed && First <= TimeSpan.Zero;

    /// <summary>One pause drawn with <paramref name="random"/> (the VU's own, so a slice replays the same pauses).</summary>
    public TimeSpan Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        switch (Distribution)
        {
            case ThinkDistribution.Uniform:
                return First + ((Second - First) * random.NextDouble());
            case ThinkDistribution.Normal:
                // Box-Muller; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
                var gaussian = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
                var ticks = First.Ticks + (gaussian * Second.Ticks);
                return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)ticks);
            default:
                return First;
        }
    }
}

public enum ThinkDistribution
{
    Fixed,
    Uniform,
    Normal,
}

/// <summary>
/// Rows of values for templates, from an inline list or a CSV file beside the plan (inlined when the plan is read, so a
/// stored plan carries them). A VU reads <c>{{Name.column}}</c> from its current row.
/// </summary>
public sealed record DataSource
{
    public required string Name { get; init; }

    public required IReadOnlyList<string> Columns { get; init; }

    public required IReadOnlyList<IReadOnlyList<string>> Rows { get; init; }

    public DataOrder Order { get; init; } = DataOrder.Sequential;

    /// <summary>The CSV file the rows came from, relative to the plan, kept for the reader of a stored plan.</summary>
    public string? File { get; init; }
}

/// <summary>Sequential: the row advances with every iteration of a VU (VU n starts at row n); random: a row per iteration.</summary>
public enum DataOrder
{
    Sequential,
    Random,
}

/// <summary>Kinds of measured entries: report sections and <c>websocket.*</c> and <c>browser.*</c> thresholds group results by them.</summary>
public static class MetricKinds
{
    public const string Http = "http";
    public const string WebSocketConnect = "websocket.connect";
    public const string WebSocketRoundTrip = "websocket.roundtrip";
    public const string Browser = "browser";

    public static readonly IReadOnlyList<string> All = [Http, WebSocketConnect, WebSocketRoundTrip, Browser];
}

/// <summary>One measured entry of a plan: its results' key, its scenario and its kind.</summary>
public readonly record struct PlanMetric(string Name, string Scenario, string Kind);

using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Reports;

/// <summary>
/// What a results key is: its scenario and kind from <see cref="Plan.Metrics"/> (names are unique plan-wide), and for
/// http requests the request they measure. Keys the plan does not know (or every key when there is no plan) get their
/// kind from the websocket suffixes <c>.connect</c> and <c>.roundtrip</c>, and http otherwise.
/// </summary>
public sealed class MetricCatalog
{
    private readonly Dictionary<string, PlanMetric> metrics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RequestSpec> requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebSocketStep> webSockets = new(StringComparer.Ordinal);
    private readonly List<PlanMetric> ordered = [];

    private MetricCatalog(Plan? plan)
    {
        Plan = plan;
        foreach (var metric in plan?.Metrics ?? [])
        {
            if (metrics.TryAdd(metric.Name, metric))
            {
                ordered.Add(metric);
            }
        }

        foreach (var scenario in plan?.Scenarios ?? [])
        {
            foreach (var request in scenario.Requests)
            {
                requests.TryAdd(request.Name, request);
            }

            foreach (var step in scenario.Steps)
            {
                if (step is HttpStep http)
                {
                    requests.TryAdd(http.Request.Name, http.Request);
                }
                else if (step is WebSocketStep ws)
                {
                    webSockets.TryAdd(ws.ConnectMetric, ws);
                    webSockets.TryAdd(ws.RoundTripMetric, ws);
                }
            }
        }
    }

    public static MetricCatalog Empty { get; } = new(null);

    public Plan? Plan { get; }

    /// <summary>The plan's measured entries in plan order (scenario by scenario, step by step).</summary>
    public IReadOnlyList<PlanMetric> Metrics => ordered;

    public static MetricCatalog Of(Plan? plan) => plan is null ? Empty : new MetricCatalog(plan);

    public bool Knows(string name) => metrics.ContainsKey(name);

    /// <summary>One of <see cref="MetricKinds.All"/>.</summary>
    public string KindOf(string name) =>
        metrics.TryGetValue(name, out var metric) ? metric.Kind
        : name.EndsWith(WebSocketStep.ConnectSuffix, StringComparison.Ordinal) ? MetricKinds.WebSocketConnect
        : name.EndsWith(WebSocketStep.RoundTripSuffix, StringComparison.Ordinal) ? MetricKinds.WebSocketRoundTrip
        : MetricKinds.Http;

    /// <summary>The scenario that records <paramref name="name"/>, or null when the plan does not know it.</summary>
    public string? ScenarioOf(string name) => metrics.TryGetValue(name, out var metric) ? metric.Scenario : null;

    public RequestSpec? RequestOf(string name) => requests.GetValueOrDefault(name);

    public WebSocketStep? WebSocketOf(string name) => webSockets.GetValueOrDefault(name);

    /// <summary>
    /// Whether a <c>{request:FILTER}</c> of a threshold on <paramref name="kind"/> selects <paramref name="name"/>: the
    /// key itself, or for websocket kinds also the step's name (<c>chat</c> selects <c>chat.connect</c>).
    /// </summary>
    public static bool Selects(string filter, string name, string kind)
    {
        if (string.Equals(filter, name, StringComparison.Ordinal))
        {
            return true;
        }

        var suffix = kind switch
        {
            MetricKinds.WebSocketConnect => WebSocketStep.ConnectSuffix,
            MetricKinds.WebSocketRoundTrip => WebSocketStep.RoundTripSuffix,
            _ => null,
        };
        return suffix is not null
            && name.Length == filter.Length + suffix.Length
            && name.StartsWith(filter, StringComparison.Ordinal)
            && name.EndsWith(suffix, StringComparison.Ordinal);
    }

    /// <summary>
    /// The iterations of each scenario, counted from its results: every request of a <c>requests:</c> scenario is one
    /// iteration; a <c>steps:</c> scenario runs its first measured step once per iteration.
    /// </summary>
    public IReadOnlyList<string> IterationKeysOf(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Steps.Count == 0)
        {
            return scenario.Requests.Select(r => r.Name).ToList();
        }

        var first = scenario.Metrics.FirstOrDefault();
        return first.Name is null ? [] : [first.Name];
    }
}

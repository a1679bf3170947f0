using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Thresholds;

namespace ServerlessLoad.Reports;

/// <summary>
/// The results keys whose per-second distributions a plan's sustained thresholds (<c>... over 30s</c>) judge: the keys a
/// <c>{request:...}</c> filter selects, and every key of the kind a <c>websocket.*</c> or <c>browser.*</c> threshold judges. Pass
/// it to <see cref="Aggregation.MergeBuilder"/>; thresholds over all requests read the per-second totals, always kept.
/// </summary>
public static class SecondLatencyKeys
{
    public static IReadOnlySet<string> For(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var catalog = MetricCatalog.Of(plan);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in plan.Thresholds)
        {
            if (!ThresholdParser.TryParse(text, out var threshold, out _, out _) || threshold.Over is null)
            {
                continue;
            }

            var kind = ThresholdJudge.KindJudged(threshold.Metric);
            if (threshold.Request is { } filter)
            {
                keys.Add(filter);
            }

            if (kind is null)
            {
                continue;
            }

            if (threshold.Request is not null && kind != MetricKinds.Browser)
            {
                // Keys of a websocket step the plan does not list (a renamed step) still follow the naming rule.
                keys.Add(threshold.Request + (kind == MetricKinds.WebSocketConnect ? WebSocketStep.ConnectSuffix : WebSocketStep.RoundTripSuffix));
            }

            keys.UnionWith(catalog.Metrics
                .Where(m => m.Kind == kind && (threshold.Request is null || MetricCatalog.Selects(threshold.Request, m.Name, kind)))
                .Select(m => m.Name));
        }

        return keys;
    }
}

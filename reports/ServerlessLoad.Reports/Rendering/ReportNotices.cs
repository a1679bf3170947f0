using System.Globalization;

namespace ServerlessLoad.Reports;

/// <summary>
/// Warnings a reader must see before trusting the numbers, shown under the verdict: load that went unmeasured (within
/// the tolerance), a saturated load generator measures its own delays, and dropped arrivals mean the target got less
/// load than planned.
/// </summary>
public static class ReportNotices
{
    public static IReadOnlyList<string> For(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var notices = new List<string>(report.Warnings);
        var saturated = report.Slices.Where(s => s.Health is { Saturated: true }).Select(s => s.Index.ToString(CultureInfo.InvariantCulture)).ToList();
        if (saturated.Count > 0)
        {
            notices.Add((saturated.Count == 1 ? "The load generator of slice " : "The load generators of slices ") + string.Join(", ", saturated)
                + (saturated.Count == 1 ? " was" : " were")
                + " saturated (CPU above 90 % or timer lag p99 above 50 ms in more than 10 % of the seconds): latencies include the generator's own delays.");
        }

        if (report.Totals.DroppedArrivals > 0)
        {
            var planned = report.Scenarios.Sum(s => s.PlannedArrivals ?? 0);
            var share = planned > 0 ? " (" + ((double)report.Totals.DroppedArrivals / planned * 100).ToString("0.##", CultureInfo.InvariantCulture) + " % of the planned arrivals)" : "";
            notices.Add(report.Totals.DroppedArrivals.ToString(CultureInfo.InvariantCulture) + " arrivals" + share
                + " found no free VU and were not started: the target got less load than planned (raise maxVUs or preAllocatedVUs).");
        }

        return notices;
    }
}

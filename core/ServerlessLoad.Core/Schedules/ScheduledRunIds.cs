using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ServerlessLoad.Core.Schedules;

/// <summary>
/// The run id of a schedule's occurrence, the same every time it is computed: starting it again (after a crash
/// between claiming the occurrence and starting the run) finds the run already there instead of making a second.
/// Shaped like other run ids (sortable by time): 20261123-020000-&lt;8 hex of the schedule and occurrence&gt;.
/// </summary>
public static class ScheduledRunIds
{
    public static string For(string scheduleName, DateTimeOffset occurrence)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheduleName);
        var key = $"{scheduleName}|{occurrence.UtcTicks.ToString(CultureInfo.InvariantCulture)}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];
        return $"{occurrence.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{hash}";
    }
}

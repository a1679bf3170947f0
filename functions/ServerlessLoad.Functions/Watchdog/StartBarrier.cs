using System.Globalization;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Watchdog;

/// <summary>The barrier's answer for one run: keep waiting (null start), or start at <see cref="StartAt"/>, and why.</summary>
public sealed record BarrierDecision(DateTimeOffset? StartAt, string? Note, IReadOnlyList<int> LateSlices)
{
    public static BarrierDecision Wait { get; } = new(null, null, []);
}

/// <summary>
/// A planned run's common start. Containers cold-start in seconds to a minute, so the start is not fixed when the run
/// is planned: it is set once every slice has a ready runner (its row claimed by a runner that warmed up and is
/// heartbeating), or once the readiness timeout passed, and then always <see cref="StartTiming.Margin"/> ahead, so that
/// every waiting runner reads it in time. Slices without a ready runner at that point are late: they run from the first
/// whole second after their runner is ready, and the report lists their missing seconds. A slice that already ended
/// (failed, cancelled) is not waited for.
/// </summary>
public static class StartBarrier
{
    public static BarrierDecision Decide(RunRecord run, IReadOnlyList<SliceRecord> slices, DateTimeOffset now, TimeSpan heartbeatTimeout, TimeSpan leadTime)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(slices);
        if (run.StartAt is not null || run.Status != RunStatus.Running || run.CancelRequestedAt is not null)
        {
            return BarrierDecision.Wait;
        }

        var settled = slices.Where(s => SliceStatus.IsTerminal(s.Status) || IsReady(s, now, heartbeatTimeout)).Select(s => s.Index).ToHashSet();
        var late = Enumerable.Range(0, run.SliceCount).Where(i => !settled.Contains(i)).ToList();
        var startAt = now + StartTiming.Margin(leadTime, run.SliceCount);
        var waited = Seconds(now - run.CreatedAt);
        if (late.Count == 0)
        {
            return new BarrierDecision(startAt, $"all {run.SliceCount} slice(s) had a ready runner {waited} s after the run was submitted", []);
        }

        if (run.ReadyBy is not { } readyBy || now < readyBy)
        {
            return BarrierDecision.Wait;
        }

        var named = string.Join(", ", late.Take(20).Select(i => i.ToString(CultureInfo.InvariantCulture))) + (late.Count > 20 ? $" and {late.Count - 20} more" : string.Empty);
        return new BarrierDecision(
            startAt,
            $"the readiness timeout passed {waited} s after the run was submitted with {run.SliceCount - late.Count} of {run.SliceCount} slice(s) ready; late: slice(s) {named}",
            late);
    }

    /// <summary>Claimed by a runner that is ready and still heartbeating (a runner claims its slice once it has warmed up).</summary>
    public static bool IsReady(SliceRecord slice, DateTimeOffset now, TimeSpan heartbeatTimeout)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return slice.Status == SliceStatus.Running && (slice.Heartbeat ?? slice.StartedAt) is { } sign && now - sign <= heartbeatTimeout;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}

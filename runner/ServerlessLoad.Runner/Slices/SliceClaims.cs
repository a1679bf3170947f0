using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Runner.Slices;

/// <summary>What a runner does with a slice message, given the slice row as it finds it.</summary>
public enum ClaimDecision
{
    /// <summary>Nobody ran the slice yet: take it as attempt 1.</summary>
    Claim,

    /// <summary>
    /// The slice ran elsewhere and that runner is gone: it missed its heartbeats for longer than the heartbeat timeout
    /// (the watchdog sends a message for such a slice, or its own message came back when its lease expired), or it
    /// released the slice when it shut down. Take it as the next attempt, for the seconds still to come.
    /// </summary>
    TakeOver,

    /// <summary>The slice is completed, failed, lost or cancelled: a late or repeated delivery changes nothing.</summary>
    DropFinished,

    /// <summary>Another copy of the message (or its own, back after an outage) while a live runner holds the slice.</summary>
    DropDuplicate,
}

/// <summary>Pure rules for claiming a slice row; the caller applies them through the row's ETag.</summary>
public static class SliceClaims
{
    public static ClaimDecision Decide(SliceRecord slice, string messageId, DateTimeOffset now, TimeSpan heartbeatTimeout)
    {
        ArgumentNullException.ThrowIfNull(slice);
        if (SliceStatus.IsTerminal(slice.Status))
        {
            return ClaimDecision.DropFinished;
        }

        if (slice.Status != SliceStatus.Running)
        {
            return ClaimDecision.Claim;
        }

        // Released by a runner that shut down.
        if (slice.Runner is null)
        {
            return ClaimDecision.TakeOver;
        }

        // The heartbeat decides, not the message: a holder's own message also comes back when storage was down long
        // enough for its lease to expire while the holder kept running (and heartbeats again once storage is back).
        var lastSign = slice.Heartbeat ?? slice.StartedAt ?? DateTimeOffset.MinValue;
        return now - lastSign > heartbeatTimeout ? ClaimDecision.TakeOver : ClaimDecision.DropDuplicate;
    }

    /// <summary>
    /// The first second the new attempt owns. A takeover (an earlier attempt ran) owns the seconds from the first whole
    /// second after its claim: a second already under way would start with its first arrivals late, which is load nobody
    /// planned. The first attempt owns the second it claims in (a claim after the start is a late start of the slice,
    /// whose delay the coordinated-omission-corrected latencies show). Never a second an earlier attempt announced as
    /// flushed: attempt k writes only seconds in [ResumeFrom(k), ResumeFrom(k+1)), so no second is written twice.
    /// </summary>
    public static long ResumeFrom(SliceRecord slice, DateTimeOffset startAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var elapsedTicks = now <= startAt ? 0 : (now - startAt).Ticks;
        var claimSecond = slice.Attempt > 0
            ? (elapsedTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond
            : elapsedTicks / TimeSpan.TicksPerSecond;
        return slice.FlushedThrough is { } flushed ? Math.Max(claimSecond, flushed + 1) : claimSecond;
    }
}

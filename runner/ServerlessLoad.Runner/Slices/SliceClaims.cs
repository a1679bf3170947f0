using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Runner.Slices;

/// <summary>What a runner does with a slice message, given the slice row as it finds it.</summary>
public enum ClaimDecision
{
    /// <summary>Nobody ran the slice yet: take it as attempt 1.</summary>
    Claim,

    /// <summary>
    /// The slice ran elsewhere and that runner is gone: this very message came back (its lease expired), or the holder
    /// missed its heartbeats for longer than the heartbeat timeout (the watchdog sends a message for such a slice). Take
    /// it as the next attempt, for the seconds still to come.
    /// </summary>
    TakeOver,

    /// <summary>The slice is completed, failed, lost or cancelled: a late or repeated delivery changes nothing.</summary>
    DropFinished,

    /// <summary>A second copy of the message while a live runner holds the slice.</summary>
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

        // The queue shows a message again only when its holder stopped renewing the lease (killed, frozen, cut off).
        if (slice.MessageId == messageId)
        {
            return ClaimDecision.TakeOver;
        }

        var lastSign = slice.Heartbeat ?? slice.StartedAt ?? DateTimeOffset.MinValue;
        return now - lastSign > heartbeatTimeout ? ClaimDecision.TakeOver : ClaimDecision.DropDuplicate;
    }

    /// <summary>
    /// The first second the new attempt owns: the first whole second after its claim (a second already under way would
    /// start with its first arrivals late, which is load nobody planned), and never a second an earlier attempt announced
    /// as flushed. Attempt k writes only seconds in [ResumeFrom(k), ResumeFrom(k+1)), so no second is written twice.
    /// </summary>
    public static long ResumeFrom(SliceRecord slice, DateTimeOffset startAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var claimSecond = now <= startAt ? 0 : ((now - startAt).Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
        return slice.FlushedThrough is { } flushed ? Math.Max(claimSecond, flushed + 1) : claimSecond;
    }
}

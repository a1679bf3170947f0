namespace ServerlessLoad.Core.Schedules;

/// <summary>
/// When a schedule fires: a cron expression read as wall-clock time in a time zone, turned into instants. Daylight
/// saving is handled the way a person expects of a nightly job: a time the clocks skip (02:30 when they jump from
/// 02:00 to 03:00) fires once at the jump; a time the clocks repeat (02:30 when they go back from 03:00 to 02:00)
/// fires once, the first time, unless the hour field repeats ('*'), in which case it fires in both passes.
/// </summary>
public sealed class ScheduleTiming(CronExpression cron, TimeZoneInfo zone)
{
    // Clocks move by at most a few hours at once; candidates are looked for this far around a range's ends.
    private static readonly TimeSpan Slack = TimeSpan.FromHours(3);

    public CronExpression Cron { get; } = cron;

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>Every occurrence t with <paramref name="after"/> &lt; t &lt;= <paramref name="upTo"/>, ascending, each once.</summary>
    public IEnumerable<DateTimeOffset> Occurrences(DateTimeOffset after, DateTimeOffset upTo)
    {
        if (upTo <= after)
        {
            yield break;
        }

        var offset = Zone.GetUtcOffset(after);
        var nearTransition = Zone.GetUtcOffset(after - Slack) != offset || Zone.GetUtcOffset(after + Slack) != offset;
        var cursor = TimeZoneInfo.ConvertTime(after, Zone).DateTime - (nearTransition ? Slack : TimeSpan.Zero);
        var end = TimeZoneInfo.ConvertTime(upTo, Zone).DateTime + Slack;
        var last = after;
        var repeated = new List<DateTime>();
        while (Cron.NextLocal(cursor, end) is { } local)
        {
            cursor = local;
            if (Zone.IsAmbiguousTime(local))
            {
                repeated.Add(local);
                continue;
            }

            foreach (var instant in RepeatedHourInstants(repeated))
            {
                if (instant > upTo)
                {
                    yield break;
                }

                if (instant > last)
                {
                    last = instant;
                    yield return instant;
                }
            }

            repeated.Clear();
            var next = ToInstant(local);
            if (next > upTo)
            {
                yield break;
            }

            if (next > last)
            {
                last = next;
                yield return next;
            }
        }

        foreach (var instant in RepeatedHourInstants(repeated))
        {
            if (instant > upTo)
            {
                yield break;
            }

            if (instant > last)
            {
                last = instant;
                yield return instant;
            }
        }
    }

    /// <summary>The first occurrence after <paramref name="after"/>, looking up to <paramref name="horizon"/> ahead (default 5 years).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after, TimeSpan? horizon = null)
    {
        var limit = horizon ?? TimeSpan.FromDays(5 * 366);
        var upTo = DateTimeOffset.MaxValue - after > limit ? after + limit : DateTimeOffset.MaxValue;
        foreach (var occurrence in Occurrences(after, upTo))
        {
            return occurrence;
        }

        return null;
    }

    /// <summary>The most recent occurrence at or before <paramref name="at"/>, looking back at most <paramref name="window"/>.</summary>
    public DateTimeOffset? LatestAtOrBefore(DateTimeOffset at, TimeSpan window)
    {
        DateTimeOffset? latest = null;
        foreach (var occurrence in Occurrences(at - window, at))
        {
            latest = occurrence;
        }

        return latest;
    }

    // Local times the clocks pass twice: all first passes (earlier offset) in order, then the second passes.
    private IEnumerable<DateTimeOffset> RepeatedHourInstants(List<DateTime> locals)
    {
        foreach (var local in locals)
        {
            var offsets = Zone.GetAmbiguousTimeOffsets(local);
            yield return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified) - offsets.Max(), TimeSpan.Zero);
        }

        if (!Cron.RepeatsEveryHour)
        {
            yield break;
        }

        foreach (var local in locals)
        {
            var offsets = Zone.GetAmbiguousTimeOffsets(local);
            yield return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified) - offsets.Min(), TimeSpan.Zero);
        }
    }

    private DateTimeOffset ToInstant(DateTime local)
    {
        if (!Zone.IsInvalidTime(local))
        {
            return new DateTimeOffset(local - Zone.GetUtcOffset(local), TimeSpan.Zero);
        }

        // Skipped by the clocks: fire at the jump, the first instant whose wall-clock time is past it.
        var lo = new DateTimeOffset(local - Slack - Zone.GetUtcOffset(local - Slack), TimeSpan.Zero);
        var hi = new DateTimeOffset(local + Slack - Zone.GetUtcOffset(local + Slack), TimeSpan.Zero);
        while (hi - lo > TimeSpan.FromSeconds(1))
        {
            var mid = lo + ((hi - lo) / 2);
            if (TimeZoneInfo.ConvertTime(mid, Zone).DateTime >= local)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return new DateTimeOffset(hi.UtcTicks - (hi.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}

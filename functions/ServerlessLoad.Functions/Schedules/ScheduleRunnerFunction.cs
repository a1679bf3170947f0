using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Core.Schedules;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.Functions.StartRun;
using ServerlessLoad.Storage.Schedules;
using ServerlessLoad.Storage.Triggers;

namespace ServerlessLoad.Functions.Schedules;

/// <summary>
/// The timer's handler: at every tick, starts each due schedule's occurrence exactly once. An occurrence is claimed by
/// moving the schedule's LastOccurrence forward with a conditional (ETag) update, so of several hosts ticking at once
/// only one wins it; the run id comes from (schedule, occurrence), so finishing a claim whose host died half-way
/// finds or makes the same run, never a second one.
/// </summary>
public sealed class ScheduleRunnerFunction(
    ScheduleStore schedules,
    StartRunFunction start,
    ScheduleSettings settings,
    TimeProvider time,
    ILogger<ScheduleRunnerFunction> logger)
{
    public const string Trigger = "schedule";

    /// <summary>A claim still pending after this long is taken as abandoned by a host that died, and finished here.</summary>
    public static readonly TimeSpan AbandonedClaimAge = TimeSpan.FromSeconds(30);

    [Function("StartDueSchedules")]
    public async Task StartDueAsync([TimerTrigger(Bindings.ScheduleTick)] TimerInfo timer, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await RunAsync(new TimerTick(now, now, timer.IsPastDue), ct).ConfigureAwait(false);
    }

    /// <summary>Handles every schedule once; returns the run ids this call started (or finished starting).</summary>
    public async Task<IReadOnlyList<string>> RunAsync(TimerTick tick, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var started = new List<string>();
        foreach (var schedule in await schedules.ListAsync(ct).ConfigureAwait(false))
        {
            try
            {
                if (await HandleAsync(schedule, now, ct).ConfigureAwait(false) is { } runId)
                {
                    started.Add(runId);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogError(e, "Schedule {Schedule}: tick of {Tick:O} failed; the next tick tries again.", schedule.Name, tick.ScheduledTime);
            }
        }

        return started;
    }

    /// <summary>Starts the schedule's plan now (trigger "schedule"), outside its timing; null when there is no such schedule.</summary>
    public async Task<StartRunResult?> RunNowAsync(string name, CancellationToken ct)
    {
        var schedule = await schedules.GetAsync(name, ct).ConfigureAwait(false);
        if (schedule is null)
        {
            return null;
        }

        var (planText, problem) = await PlanTextAsync(schedule, ct).ConfigureAwait(false);
        return planText is null
            ? new StartRunResult(null, [new Core.Plans.PlanProblem("planName", null, problem!)])
            : await start.StartAsync(planText, Trigger, ct).ConfigureAwait(false);
    }

    private async Task<string?> HandleAsync(ScheduleRecord schedule, DateTimeOffset now, CancellationToken ct)
    {
        if (schedule.LastRunPending && schedule.LastRunId is not null)
        {
            if (now - (schedule.ClaimedAt ?? DateTimeOffset.MinValue) < AbandonedClaimAge)
            {
                return null;
            }

            logger.LogWarning("Schedule {Schedule}: the run {RunId} of {Occurrence:O} was claimed but not started; starting it now.", schedule.Name, schedule.LastRunId, schedule.LastOccurrence);
            return await StartClaimedAsync(schedule, ct).ConfigureAwait(false);
        }

        if (!schedule.Enabled)
        {
            return null;
        }

        if (!CronExpression.TryParse(schedule.Cron, out var cron, out _) || ScheduleTimeZones.Find(schedule.TimeZone, out _) is not { } zone)
        {
            logger.LogWarning("Schedule {Schedule}: '{Cron}' in '{Zone}' cannot be read here; it is not run.", schedule.Name, schedule.Cron, schedule.TimeZone);
            return null;
        }

        var decision = CatchUpDecision.Decide(new ScheduleTiming(cron, zone), schedule.HandledThrough, now, settings.CatchUpWindow);
        if (decision.Start is { } occurrence)
        {
            schedule.LastOccurrence = occurrence;
            schedule.LastRunId = ScheduledRunIds.For(schedule.Name, occurrence);
            schedule.LastRunPending = true;
            schedule.ClaimedAt = now;
            schedule.LastError = null;
            if (!await schedules.TryUpdateAsync(schedule, ct).ConfigureAwait(false))
            {
                logger.LogDebug("Schedule {Schedule}: {Occurrence:O} was claimed by another host (or the schedule changed).", schedule.Name, occurrence);
                return null;
            }

            if (decision.OldestSkipped is not null || decision.SkippedInWindow > 0)
            {
                logger.LogWarning(
                    "Schedule {Schedule}: missed occurrences since {Oldest:O} were skipped; only the latest, {Occurrence:O}, runs.",
                    schedule.Name,
                    decision.OldestSkipped ?? occurrence,
                    occurrence);
            }

            return await StartClaimedAsync(schedule, ct).ConfigureAwait(false);
        }

        if (decision.SkipThrough is { } through)
        {
            schedule.SkippedThrough = through;
            if (await schedules.TryUpdateAsync(schedule, ct).ConfigureAwait(false))
            {
                logger.LogWarning(
                    "Schedule {Schedule}: occurrences from {Oldest:O} to {Through:O} were missed and are older than the catch-up window ({Hours} h); they are skipped.",
                    schedule.Name,
                    decision.OldestSkipped,
                    through,
                    settings.ScheduleCatchUpHours);
            }
        }

        return null;
    }

    private async Task<string?> StartClaimedAsync(ScheduleRecord claimed, CancellationToken ct)
    {
        var runId = claimed.LastRunId!;
        var (planText, error) = await PlanTextAsync(claimed, ct).ConfigureAwait(false);
        if (planText is not null)
        {
            var result = await start.StartAsync(planText, Trigger, runId, ct).ConfigureAwait(false);
            error = result.Accepted ? null : "the plan is invalid: " + string.Join("; ", result.Problems);
        }

        await schedules.UpdateAsync(
            claimed.Name,
            s =>
            {
                if (s.LastRunId != runId || !s.LastRunPending)
                {
                    return false;
                }

                s.LastRunPending = false;
                s.LastError = error;
                return true;
            },
            ct).ConfigureAwait(false);

        if (error is not null)
        {
            logger.LogError("Schedule {Schedule}: the occurrence {Occurrence:O} did not start: {Error}", claimed.Name, claimed.LastOccurrence, error);
            return null;
        }

        logger.LogInformation("Schedule {Schedule}: started run {RunId} for {Occurrence:O}.", claimed.Name, runId, claimed.LastOccurrence);
        return runId;
    }

    private async Task<(string? Text, string? Problem)> PlanTextAsync(ScheduleRecord schedule, CancellationToken ct)
    {
        if (schedule.Plan is not null)
        {
            return (schedule.Plan, null);
        }

        var text = schedule.PlanName is null ? null : await schedules.GetPlanAsync(schedule.PlanName, ct).ConfigureAwait(false);
        return text is null ? (null, $"the stored plan '{schedule.PlanName}' does not exist") : (text, null);
    }
}

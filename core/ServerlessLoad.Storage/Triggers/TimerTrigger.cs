using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServerlessLoad.Core.Schedules;

namespace ServerlessLoad.Storage.Triggers;

/// <summary>One firing of a timer: the occurrence it stands for, and whether it was missed (run late, at start-up).</summary>
public sealed record TimerTick(DateTimeOffset ScheduledTime, DateTimeOffset Now, bool IsPastDue);

public sealed class TimerTriggerOptions
{
    /// <summary>
    /// How long the singleton lease lasts without renewal: the shortest a blob lease allows (15-60 s), as the watchdog
    /// (which also opens runs' start barriers) must not wait long for a host that died holding it.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the holder renews the lease while it waits; well under <see cref="LeaseDuration"/>.</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a host without the lease tries to take it: a lease freed by a dead host is taken within this.</summary>
    public TimeSpan LeaseRetryInterval { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// A timer trigger with Azure Functions semantics: runs a handler at each occurrence of a six-field NCRONTAB schedule
/// (UTC), on one host at a time however many run it (the host holding a blob lease on locks/timers/&lt;name&gt;.lock),
/// and with a monitor (locks/timers/&lt;name&gt;.status.json, the next occurrence due): a host taking over after the
/// occurrence passed unhandled, because no host was running or the holder died, runs it once at once, past due.
/// </summary>
public sealed class TimerTrigger : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ScheduleTiming schedule;
    private readonly Func<TimerTick, CancellationToken, Task> handler;
    private readonly BlobContainerClient locks;
    private readonly TimerTriggerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private volatile bool isLeader;

    public TimerTrigger(
        string name,
        CronExpression cron,
        Func<TimerTick, CancellationToken, Task> handler,
        BlobContainerClient locks,
        TimerTriggerOptions options,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        schedule = new ScheduleTiming(cron, TimeZoneInfo.Utc);
        this.handler = handler;
        this.locks = locks;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    public string Name { get; }

    /// <summary>True while this host holds the lease and so is the one running the handler.</summary>
    public bool IsLeader => isLeader;

    private string LockBlob => $"timers/{Name}.lock";

    private string StatusBlob => $"timers/{Name}.status.json";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var lease = await locks.TryAcquireLeaseAsync(LockBlob, options.LeaseDuration, stoppingToken).ConfigureAwait(false);
                if (lease is null)
                {
                    await Task.Delay(options.LeaseRetryInterval, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await LeadAsync(lease, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Timer {Timer}: {Error}; trying again.", Name, e.Message);
                await DelayQuietlyAsync(options.LeaseRetryInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task LeadAsync(string lease, CancellationToken ct)
    {
        isLeader = true;
        logger.LogInformation("Timer {Timer}: this host holds the lease and runs the schedule {Cron}.", Name, schedule.Cron.Text);
        try
        {
            var status = await ReadStatusAsync(ct).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (status?.Next is { } missed && missed <= now)
            {
                logger.LogInformation("Timer {Timer}: the occurrence of {Missed:O} was missed; running it now.", Name, missed);
                if (!await InvokeAsync(new TimerTick(missed, now, IsPastDue: true), lease, ct).ConfigureAwait(false))
                {
                    return;
                }
            }
            else if (status is null)
            {
                await WriteStatusAsync(new TimerStatus(null, schedule.NextAfter(now)), ct).ConfigureAwait(false);
            }

            while (schedule.NextAfter(time.GetUtcNow()) is { } next)
            {
                if (!await WaitUntilAsync(next, lease, ct).ConfigureAwait(false)
                    || !await InvokeAsync(new TimerTick(next, time.GetUtcNow(), IsPastDue: false), lease, ct).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        finally
        {
            isLeader = false;
            try
            {
                await locks.ReleaseLeaseAsync(LockBlob, lease, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (StorageFailure.IsUnavailable(e, CancellationToken.None))
            {
                logger.LogDebug("Timer {Timer}: could not release the lease ({Error}); it expires by itself.", Name, e.Message);
            }
        }
    }

    /// <summary>Waits for <paramref name="next"/>, renewing the lease meanwhile; false when the lease was lost.</summary>
    private async Task<bool> WaitUntilAsync(DateTimeOffset next, string lease, CancellationToken ct)
    {
        while (time.GetUtcNow() is var now && now < next)
        {
            var wait = next - now < options.LeaseRenewInterval ? next - now : options.LeaseRenewInterval;
            await Task.Delay(wait, time, ct).ConfigureAwait(false);
            if (time.GetUtcNow() < next && !await RenewAsync(lease, ct).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Runs the handler once as the lease holder, then records the next occurrence; false when the lease was lost.</summary>
    private async Task<bool> InvokeAsync(TimerTick tick, string lease, CancellationToken ct)
    {
        if (!await RenewAsync(lease, ct).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            await handler(tick, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "Timer {Timer}: the handler failed for {Occurrence:O}.", Name, tick.ScheduledTime);
        }

        await WriteStatusAsync(new TimerStatus(tick.ScheduledTime, schedule.NextAfter(time.GetUtcNow())), ct).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> RenewAsync(string lease, CancellationToken ct)
    {
        if (await locks.RenewLeaseAsync(LockBlob, lease, ct).ConfigureAwait(false))
        {
            return true;
        }

        logger.LogWarning("Timer {Timer}: the lease was lost; another host may run the schedule now.", Name);
        return false;
    }

    private async Task<TimerStatus?> ReadStatusAsync(CancellationToken ct)
    {
        var blob = await locks.ReadAsync(StatusBlob, ct).ConfigureAwait(false);
        if (blob is null || blob.Data.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TimerStatus>(blob.Data, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private Task WriteStatusAsync(TimerStatus status, CancellationToken ct) =>
        locks.WriteAsync(StatusBlob, JsonSerializer.SerializeToUtf8Bytes(status, Json), "application/json", ct);

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The monitor: the occurrence last run, and the next one due (null when the schedule never fires again).</summary>
    private sealed record TimerStatus(DateTimeOffset? Last, DateTimeOffset? Next);
}

using ServerlessLoad.Core.Schedules;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Schedules;

namespace ServerlessLoad.Functions.Schedules;

/// <summary>Settings of the schedule timer, under "Sload:" like the pipeline's (Sload__ScheduleCatchUpHours...).</summary>
public sealed class ScheduleSettings
{
    /// <summary>How often the timer looks for due schedules (six-field NCRONTAB, UTC); empty or "off" turns the timer off.</summary>
    public string ScheduleTickCron { get; set; } = "*/10 * * * * *";

    /// <summary>
    /// How old a missed occurrence may be and still run (once, the latest one) when a host starts after none ran. Six
    /// hours: a nightly run missed by an outage in the night still runs in the morning, but yesterday's is not run
    /// an hour before today's.
    /// </summary>
    public double ScheduleCatchUpHours { get; set; } = 6;

    public string SchedulesTable { get; set; } = ScheduleStore.DefaultTableName;

    /// <summary>The container holding the timers' lease blobs and monitors.</summary>
    public string LocksContainer { get; set; } = "locks";

    public TimeSpan CatchUpWindow => TimeSpan.FromHours(Math.Max(0, ScheduleCatchUpHours));

    public bool TimerEnabled =>
        !string.IsNullOrWhiteSpace(ScheduleTickCron) && !string.Equals(ScheduleTickCron.Trim(), "off", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="InvalidOperationException">The tick expression is not valid NCRONTAB.</exception>
    public CronExpression TickCron =>
        CronExpression.TryParse(ScheduleTickCron, out var cron, out var problems)
            ? cron
            : throw new InvalidOperationException($"Setting {PipelineSettings.Section}:{nameof(ScheduleTickCron)} '{ScheduleTickCron}' {string.Join("; ", problems)}.");

    public static ScheduleSettings Read(IConfiguration configuration)
    {
        var settings = new ScheduleSettings();
        configuration.GetSection(PipelineSettings.Section).Bind(settings);
        return settings;
    }
}

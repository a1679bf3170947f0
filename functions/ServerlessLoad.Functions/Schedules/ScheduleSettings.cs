using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Schedules;

namespace ServerlessLoad.Functions.Schedules;

/// <summary>Settings of schedules, under "Sload:" like the pipeline's (Sload__ScheduleCatchUpHours...); the timer's cron is Sload:ScheduleTickCron.</summary>
public sealed class ScheduleSettings
{
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

    public static ScheduleSettings Read(IConfiguration configuration)
    {
        var settings = new ScheduleSettings();
        configuration.GetSection(PipelineSettings.Section).Bind(settings);
        return settings;
    }
}

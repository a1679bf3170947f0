namespace ServerlessLoad.Functions.Hosting;

/// <summary>
/// The settings the triggers name, as the Functions host resolves them (<c>%Key%</c> from app settings, where
/// <c>Sload__Queues__Slices</c> is <c>Sload:Queues:Slices</c>). The local host resolves the same expressions from the
/// same settings, so both hosts listen on the same queues and timers.
/// </summary>
public static class Bindings
{
    /// <summary>The storage connection every queue trigger uses (a connection string, or <c>AzureWebJobsStorage__accountName</c> for the identity).</summary>
    public const string Connection = "AzureWebJobsStorage";

    public const string RunRequestsQueue = "%Sload:Queues:RunRequests%";
    public const string SliceEventsQueue = "%Sload:Queues:SliceEvents%";
    public const string ReportsQueue = "%Sload:Queues:Reports%";

    public const string RunRequestsPoisonQueue = "%Sload:Queues:RunRequests%-poison";
    public const string SliceEventsPoisonQueue = "%Sload:Queues:SliceEvents%-poison";
    public const string ReportsPoisonQueue = "%Sload:Queues:Reports%-poison";

    /// <summary>How often due schedules are started (six-field NCRONTAB, UTC).</summary>
    public const string ScheduleTick = "%Sload:ScheduleTickCron%";

    /// <summary>How often the watchdog looks for silent slices and stuck reports.</summary>
    public const string WatchdogTick = "%Sload:WatchdogCron%";

    /// <summary>How often running runs with abortOnFail thresholds are judged on their stored seconds.</summary>
    public const string AbortCheckTick = "%Sload:AbortCheckCron%";

    /// <summary>
    /// What a setting holds when nobody set it. The Functions host needs them as app settings (the deployment sets
    /// them; local.settings.sample.json lists them); the local host falls back to these.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        ["Sload:Queues:RunRequests"] = Core.Messages.QueueNames.RunRequests,
        ["Sload:Queues:Slices"] = Core.Messages.QueueNames.Slices,
        ["Sload:Queues:SliceEvents"] = Core.Messages.QueueNames.SliceEvents,
        ["Sload:Queues:Reports"] = Core.Messages.QueueNames.Reports,
        ["Sload:ScheduleTickCron"] = "*/10 * * * * *",
        ["Sload:WatchdogCron"] = "* * * * * *",
        ["Sload:AbortCheckCron"] = "* * * * * *",
    };
}

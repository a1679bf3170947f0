using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Storage.Pipeline;

/// <summary>
/// Settings shared by the functions host, the runners and the CLI. They come from local.settings.json ("Values", in
/// the Azure Functions shape), then environment variables, then command-line options; keys under "Sload:" (or
/// "Sload__" in environment variables and local.settings.json).
/// </summary>
public sealed class PipelineSettings
{
    public const string Section = "Sload";

    /// <summary>Storage connection string; the Functions convention's name is AzureWebJobsStorage.</summary>
    public string StorageConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>
    /// In Azure: the storage account reached with a managed identity (DefaultAzureCredential) instead of a key; when
    /// set it wins over the connection string.
    /// </summary>
    public string? StorageAccountName { get; set; }

    /// <summary>
    /// Time between the start barrier opening (every slice has a ready runner) and the run's common start, so every
    /// waiting runner reads the start before it comes (never less than <see cref="Core.Runs.StartTiming.Margin"/>).
    /// </summary>
    public double LeadTimeSeconds { get; set; } = 1;

    /// <summary>
    /// How long a planned run waits for a ready runner for every slice (containers cold-start in 5-60 s). Then it starts
    /// with the slices that are ready; the others run late, from the first whole second after their runner is ready,
    /// and their missing seconds are reported.
    /// </summary>
    public double ReadinessTimeoutSeconds { get; set; } = 90;

    /// <summary>
    /// How a runner process lives: <c>pool</c> (long-lived, a competing consumer of the slices queue) or <c>job</c> (it
    /// takes one slice message, runs it and exits, as an event-driven Container Apps job or a KEDA ScaledJob does).
    /// </summary>
    public string RunnerMode { get; set; } = RunnerModes.Pool;

    /// <summary>A runner in job mode that finds no slice message for this long exits (another job took the message).</summary>
    public double JobIdleTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// For tests and benchmarks: a runner waits this long before it polls the slices queue, the way a container's cold
    /// start (image pull, process start) delays it. 0 in real use.
    /// </summary>
    public double SimulatedColdStartSeconds { get; set; }

    /// <summary>How `sload up` runs runners locally: <c>pool</c> (RunnerCount long-lived runners) or <c>jobs</c> (a scaler starts one runner job per queued slice, up to RunnerCount at once).</summary>
    public string LocalRunners { get; set; } = RunnerModes.Pool;

    /// <summary>Queue-message visibility lease held by a handler or runner; renewed while it works.</summary>
    public double VisibilityTimeoutSeconds { get; set; } = 30;

    /// <summary>Deliveries of a slice message before it moves to the poison queue (the functions' own are in host.json).</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>
    /// Longest wait between a runner's polls of an empty slices queue (polling backs off up to this): an idle runner
    /// notices a slice to take over within it.
    /// </summary>
    public double MaxPollingIntervalSeconds { get; set; } = 0.25;

    /// <summary>Slices one runner process executes at once.</summary>
    public int MaxSlicesPerRunner { get; set; } = 4;

    /// <summary>
    /// The most browser VUs one runner runs at once: a plan whose busiest slice would have more is refused with a
    /// validation problem naming the slices it needs. Browser VUs cost a renderer process each; measure before raising it.
    /// </summary>
    public int MaxBrowserVusPerRunner { get; set; } = Core.Plans.PlanParseOptions.DefaultMaxBrowserVusPerRunner;

    /// <summary>What the plan reader checks a plan against under these settings (the browser VU cap).</summary>
    public Core.Plans.PlanParseOptions PlanChecks => new() { MaxBrowserVusPerRunner = MaxBrowserVusPerRunner };

    /// <summary>Runner processes `sload up` starts.</summary>
    public int RunnerCount { get; set; } = 2;

    /// <summary>
    /// Per-second results a runner keeps in memory per slice while storage is unreachable (10 minutes); beyond that the
    /// oldest are dropped, counted and reported.
    /// </summary>
    public int MaxBufferedSeconds { get; set; } = 600;

    /// <summary>
    /// The share of the planned load (slice-seconds) that may go unmeasured before a run errors, when its plan does not
    /// say (<c>maxMissingLoad</c>): a percentage such as 1% or a fraction such as 0.01.
    /// </summary>
    public string MaxMissingLoad { get; set; } = "1%";

    /// <exception cref="InvalidOperationException">The setting is not a share from 0% to 100%.</exception>
    public double MaxMissingLoadFraction =>
        Core.Plans.Percent.TryParse(MaxMissingLoad, out var fraction) && fraction is >= 0 and <= 1
            ? fraction
            : throw new InvalidOperationException($"Setting {Section}:{nameof(MaxMissingLoad)} '{MaxMissingLoad}' must be a percentage from 0% to 100% (such as 1%).");

    /// <summary>Hosts a plan may target; anything else is refused before any load is sent.</summary>
    public string AllowedTargets { get; set; } = "127.0.0.1,localhost,[::1]";

    /// <summary>Publish PNG versions of the report charts, drawn in process (SVG charts are always there).</summary>
    public bool PngCharts { get; set; } = true;

    public QueueNameSettings Queues { get; set; } = new();

    /// <summary>
    /// Values of <c>{{secrets.NAME}}</c> (Sload__Secrets__NAME; in Azure, Key Vault references). Only the runners (and
    /// <c>sload run --direct</c>) read them, in memory; nothing writes them anywhere.
    /// </summary>
    public Dictionary<string, string> Secrets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The plan-wide budget (Sload__Limits__MaxTotalVus, ...).</summary>
    public PlanLimitSettings Limits { get; set; } = new();

    /// <summary>The shortest interval a schedule's cron may give.</summary>
    public double MinScheduleIntervalSeconds { get; set; } = 60;

    /// <summary>What a plan may target and ask for, from these settings.</summary>
    public PlanLimits PlanLimits => new()
    {
        AllowedTargets = AllowedTargetHosts,
        MaxScenarios = Limits.MaxScenarios,
        MaxRequestsPerScenario = Limits.MaxRequestsPerScenario,
        MaxTotalVus = Limits.MaxTotalVus,
        MaxTotalArrivalRate = Limits.MaxTotalArrivalRate,
        MaxVuHours = Limits.MaxVuHours,
    };

    /// <summary>The storage clients these settings name (the account with the managed identity, else the connection string).</summary>
    public StorageClients OpenStorage() => StorageClients.FromSettings(StorageAccountName, StorageConnectionString);

    public TimeSpan LeadTime => TimeSpan.FromSeconds(LeadTimeSeconds);

    public TimeSpan ReadinessTimeout => TimeSpan.FromSeconds(ReadinessTimeoutSeconds);

    public bool IsJobRunner => string.Equals(RunnerMode, RunnerModes.Job, StringComparison.OrdinalIgnoreCase);

    public TimeSpan VisibilityTimeout => TimeSpan.FromSeconds(VisibilityTimeoutSeconds);

    public TimeSpan MaxPollingInterval => TimeSpan.FromSeconds(MaxPollingIntervalSeconds);

    /// <summary>
    /// How long a running slice may miss its heartbeats (written every second) before it is presumed dead and handed to
    /// another runner. Short enough that a killed runner costs seconds; long enough that a busy machine's pause is not
    /// taken for a death (a wrong takeover only costs the seconds until the new attempt starts).
    /// </summary>
    public double HeartbeatTimeoutSeconds { get; set; } = 2.5;

    public TimeSpan HeartbeatTimeout => TimeSpan.FromSeconds(HeartbeatTimeoutSeconds);

    /// <summary>A slice silent for two leases that no runner took over is lost: the run finishes without it.</summary>
    public TimeSpan HeartbeatExpiry => 2 * VisibilityTimeout;

    public IReadOnlyList<string> AllowedTargetHosts =>
        AllowedTargets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The settable form of <see cref="PlanLimits"/>, bound from Sload:Limits.</summary>
public sealed class PlanLimitSettings
{
    public int MaxScenarios { get; set; } = PlanLimits.Default.MaxScenarios;

    public int MaxRequestsPerScenario { get; set; } = PlanLimits.Default.MaxRequestsPerScenario;

    public long MaxTotalVus { get; set; } = PlanLimits.Default.MaxTotalVus;

    public double MaxTotalArrivalRate { get; set; } = PlanLimits.Default.MaxTotalArrivalRate;

    public double MaxVuHours { get; set; } = PlanLimits.Default.MaxVuHours;
}

/// <summary>The ways a runner process can live.</summary>
public static class RunnerModes
{
    public const string Pool = "pool";
    public const string Job = "job";

    /// <summary>`sload up`'s local scaler: one runner job per queued slice.</summary>
    public const string Jobs = "jobs";
}

public sealed class QueueNameSettings
{
    public string RunRequests { get; set; } = QueueNames.RunRequests;

    public string Slices { get; set; } = QueueNames.Slices;

    public string SliceEvents { get; set; } = QueueNames.SliceEvents;

    public string Reports { get; set; } = QueueNames.Reports;

    public IEnumerable<string> All => [RunRequests, Slices, SliceEvents, Reports];
}

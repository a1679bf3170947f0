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

    /// <summary>Time between planning a run and its common start, so every slice starts at the same instant.</summary>
    public double LeadTimeSeconds { get; set; } = 1;

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

public sealed class QueueNameSettings
{
    public string RunRequests { get; set; } = QueueNames.RunRequests;

    public string Slices { get; set; } = QueueNames.Slices;

    public string SliceEvents { get; set; } = QueueNames.SliceEvents;

    public string Reports { get; set; } = QueueNames.Reports;

    public IEnumerable<string> All => [RunRequests, Slices, SliceEvents, Reports];
}

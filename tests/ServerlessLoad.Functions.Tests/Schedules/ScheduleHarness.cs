using Microsoft.Extensions.Logging.Abstractions;
using ServerlessLoad.Core.Schedules;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.Storage.Triggers;
using ServerlessLoad.Functions.Schedules;
using ServerlessLoad.Functions.StartRun;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Storage.Schedules;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Schedules;

/// <summary>Schedules on a real Azurite (a table and queues of their own) with the clock in the test's hand.</summary>
internal sealed class ScheduleHarness
{
    public ScheduleHarness(AzuriteFixture azurite, DateTimeOffset start, double catchUpHours = 6)
    {
        Clock = new ManualClock(start);
        Pipeline = new PipelineSettings
        {
            StorageConnectionString = azurite.ConnectionString,
            Queues = new QueueNameSettings
            {
                RunRequests = TestNames.Queue("s-runreq"),
                Slices = TestNames.Queue("s-slices"),
                SliceEvents = TestNames.Queue("s-events"),
                Reports = TestNames.Queue("s-reports"),
            },
        };
        Settings = new ScheduleSettings { ScheduleCatchUpHours = catchUpHours, SchedulesTable = TestNames.Table("Schedules") };
        Store = new PipelineStore(azurite.Storage, Pipeline.Queues);
        Schedules = new ScheduleStore(azurite.Storage, Settings.SchedulesTable);
        Start = new StartRunFunction(Store, Pipeline, Clock);
    }

    public ManualClock Clock { get; }

    public PipelineSettings Pipeline { get; }

    public ScheduleSettings Settings { get; }

    public PipelineStore Store { get; }

    public ScheduleStore Schedules { get; }

    public StartRunFunction Start { get; }

    public static string PlanText => """
        name: scheduled
        target: http://127.0.0.1:9
        scenarios:
          - name: s
            vus: 1
            duration: 1s
            requests:
              - path: /fast
        """;

    public async Task InitializeAsync()
    {
        await Store.EnsureCreatedAsync();
        await Schedules.EnsureCreatedAsync();
    }

    /// <summary>A host's runner: each host has its own function objects over the same storage.</summary>
    public ScheduleRunnerFunction NewRunner() =>
        new(Schedules, new StartRunFunction(Store, Pipeline, Clock), Settings, Clock, NullLogger<ScheduleRunnerFunction>.Instance);

    public ScheduleCatalog Catalog => new(Schedules, Pipeline, Clock);

    public async Task<ScheduleRecord> AddAsync(string cron, string zone = "UTC", string? planName = null, bool enabled = true)
    {
        var name = TestNames.Queue("sched");
        var change = await Catalog.CreateAsync(new ScheduleDefinition(name, cron, zone, planName is null ? PlanText : null, planName, enabled), default);
        change.Problems.ShouldBeEmpty();
        return change.Schedule!;
    }

    public Task<IReadOnlyList<string>> TickAsync(ScheduleRunnerFunction runner) =>
        runner.RunAsync(new TimerTick(Clock.GetUtcNow(), Clock.GetUtcNow(), false), default);

    public async Task<int> RunRequestsAsync() => (await Store.Queue(Pipeline.Queues.RunRequests).GetPropertiesAsync()).Value.ApproximateMessagesCount;
}

using Microsoft.Extensions.Logging.Abstractions;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.BuildReport;
using ServerlessLoad.Functions.CollectSlice;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.Functions.PlanRun;
using ServerlessLoad.Functions.StartRun;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Pipeline;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}

/// <summary>The function classes wired to a real Azurite, with queue names of their own so counts are per test.</summary>
internal sealed class Pipeline
{
    public Pipeline(AzuriteFixture azurite)
    {
        Settings = new PipelineSettings
        {
            StorageConnectionString = azurite.ConnectionString,
            LeadTimeSeconds = 1,
            Queues = new QueueNameSettings
            {
                RunRequests = TestNames.Queue("runreq"),
                Slices = TestNames.Queue("slices"),
                SliceEvents = TestNames.Queue("events"),
                Reports = TestNames.Queue("reports"),
            },
        };
        Store = new PipelineStore(azurite.Storage, Settings.Queues);
        Start = new StartRunFunction(Store, Settings, TimeProvider.System);
        Failures = new DeliveryFailures(Store, new HostSettings(), TimeProvider.System, NullLogger<DeliveryFailures>.Instance);
        Plan = new PlanRunFunction(Store, Settings, Failures, TimeProvider.System, NullLogger<PlanRunFunction>.Instance);
        Collect = new CollectSliceFunction(Store, Failures, NullLogger<CollectSliceFunction>.Instance);
        Report = new BuildReportFunction(Store, new BaselineFinder(Store), new ChartImages(NullLogger<ChartImages>.Instance), Failures, Settings, TimeProvider.System, NullLogger<BuildReportFunction>.Instance);
    }

    public PipelineSettings Settings { get; }

    public PipelineStore Store { get; }

    public DeliveryFailures Failures { get; }

    public StartRunFunction Start { get; }

    public PlanRunFunction Plan { get; }

    public CollectSliceFunction Collect { get; }

    public BuildReportFunction Report { get; }

    public async Task<string> StartAsync(int slices)
    {
        var started = await Start.StartAsync(Pipeline.PlanText(slices), "test", default);
        started.Problems.ShouldBeEmpty();
        return started.RunId!;
    }

    public async Task<string> PlannedRunWithCompletedSlicesAsync(int slices)
    {
        var runId = await StartAsync(slices);
        await Plan.RunAsync(new RunRequestMessage(runId), default);
        for (var i = 0; i < slices; i++)
        {
            await CompleteSliceAsync(runId, i, requests: 10);
        }

        return runId;
    }

    /// <summary>What a runner leaves behind: per-second rows and a completed slice row.</summary>
    public async Task CompleteSliceAsync(string runId, int index, int requests)
    {
        var stats = new RequestStats { Requests = requests };
        stats.StatusCodes["200"] = requests;
        for (var i = 0; i < requests; i++)
        {
            stats.Latency.RecordMicros(1000 + i);
        }

        await Store.WriteSecondsAsync(
        [
            new SliceSecond { RunId = runId, Slice = index, Attempt = 1, Second = 0, Requests = new Dictionary<string, RequestStats> { ["home"] = stats } },
        ]);
        var slice = await Store.GetSliceAsync(runId, index);
        slice!.Status = SliceStatus.Completed;
        slice.Attempt = 1;
        slice.Requests = requests;
        slice.EndedAt = DateTimeOffset.UtcNow;
        (await Store.TryUpdateSliceAsync(slice)).ShouldBeTrue();
    }

    /// <summary>A planned run whose slices all completed and whose last slice event was collected: ready for BuildReport.</summary>
    public async Task<string> ReportableRunAsync(int slices = 2)
    {
        var runId = await PlannedRunWithCompletedSlicesAsync(slices);
        await Collect.RunAsync(new SliceEventMessage(runId, 0, 1, SliceStatus.Completed, 10, 0), default);
        return runId;
    }


    public static string PlanText(int slices) => $"""
        name: unit
        slices: {slices}
        target: http://127.0.0.1:9
        scenarios:
          - name: s
            vus: 4
            duration: 2s
            requests:
              - name: home
                path: /fast
        thresholds:
          - failures.rate < 1%
        """;
}

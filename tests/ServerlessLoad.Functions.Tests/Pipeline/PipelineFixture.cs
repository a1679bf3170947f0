using Microsoft.Extensions.Logging.Abstractions;
using ServerlessLoad.Functions.BuildReport;
using ServerlessLoad.Functions.CollectSlice;
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
        Store = new PipelineStore(azurite.Account, Settings.Queues);
        Start = new StartRunFunction(Store, Settings, TimeProvider.System);
        Plan = new PlanRunFunction(Store, Settings, TimeProvider.System, NullLogger<PlanRunFunction>.Instance);
        Collect = new CollectSliceFunction(Store, NullLogger<CollectSliceFunction>.Instance);
        Report = new BuildReportFunction(Store, TimeProvider.System, NullLogger<BuildReportFunction>.Instance);
    }

    public PipelineSettings Settings { get; }

    public PipelineStore Store { get; }

    public StartRunFunction Start { get; }

    public PlanRunFunction Plan { get; }

    public CollectSliceFunction Collect { get; }

    public BuildReportFunction Report { get; }

    public static Delivery FirstDelivery => new("m", 1, DateTimeOffset.UtcNow);

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

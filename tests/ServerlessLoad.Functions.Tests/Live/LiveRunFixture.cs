using ServerlessLoad.Core.Messages;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Live;

/// <summary>
/// A planned, running run whose rows the test writes as runners would, and the local host in process reading the same
/// storage with its own functions switched off (nothing but the HTTP API acts on the run).
/// </summary>
internal sealed class LiveRunFixture : IDisposable
{
    private static readonly string[] Quiet = ["PlanRun", "CollectSlice", "BuildReport", "Watchdog", "AbortOnFail", "StartDueSchedules", "PlanRunPoisoned", "CollectSlicePoisoned", "BuildReportPoisoned"];

    public LiveRunFixture(AzuriteFixture azurite, string prefix)
    {
        Pipeline = new Pipeline.Pipeline(azurite);
        var queues = Pipeline.Settings.Queues;
        var settings = new Dictionary<string, string?>
        {
            ["Sload:Queues:RunRequests"] = queues.RunRequests,
            ["Sload:Queues:Slices"] = queues.Slices,
            ["Sload:Queues:SliceEvents"] = queues.SliceEvents,
            ["Sload:Queues:Reports"] = queues.Reports,
        };
        foreach (var function in Quiet)
        {
            settings[$"AzureWebJobs:{function}:Disabled"] = "true";
        }

        Api = new SecuredApi(azurite, prefix, settings);
    }

    public Pipeline.Pipeline Pipeline { get; }

    public SecuredApi Api { get; }

    /// <summary>A run planned into <paramref name="slices"/> slices, each marked running on <paramref name="runner"/> with a heartbeat at <paramref name="heartbeat"/>.</summary>
    public async Task<string> RunningRunAsync(int slices, string runner = "runner-a", DateTimeOffset? heartbeat = null)
    {
        await Pipeline.Store.EnsureCreatedAsync();
        var runId = await Pipeline.StartAsync(slices);
        await Pipeline.Plan.RunAsync(new RunRequestMessage(runId), default);
        for (var i = 0; i < slices; i++)
        {
            await SetSliceAsync(runId, i, SliceStatus.Running, runner, heartbeat ?? DateTimeOffset.UtcNow);
        }

        return runId;
    }

    public async Task SetSliceAsync(string runId, int index, string status, string runner, DateTimeOffset heartbeat)
    {
        var slice = await Pipeline.Store.GetSliceAsync(runId, index);
        slice!.Status = status;
        slice.Attempt = 1;
        slice.Runner = runner;
        slice.Heartbeat = heartbeat;
        (await Pipeline.Store.TryUpdateSliceAsync(slice)).ShouldBeTrue();
    }

    /// <summary>Writes one row per second from <paramref name="first"/> through <paramref name="last"/>, each with <paramref name="requests"/> requests.</summary>
    public Task WriteSecondsAsync(string runId, int slice, long first, long last, int requests, int failures = 0, int vus = 2, long micros = 2000) =>
        Pipeline.Store.WriteSecondsAsync(
            Enumerable.Range((int)first, (int)(last - first + 1))
                .Select(second => Row(runId, slice, second, requests, failures, vus, micros))
                .ToList());

    public static SliceSecond Row(string runId, int slice, long second, int requests, int failures, int vus, long micros)
    {
        var stats = new RequestStats { Requests = requests, Failures = failures };
        stats.StatusCodes["200"] = requests - failures;
        stats.Latency.RecordMicros(micros, requests);
        return new SliceSecond
        {
            RunId = runId,
            Slice = slice,
            Attempt = 1,
            Second = second,
            ActiveVus = vus,
            Requests = new Dictionary<string, RequestStats> { ["home"] = stats },
        };
    }

    public void Dispose() => Api.Dispose();
}

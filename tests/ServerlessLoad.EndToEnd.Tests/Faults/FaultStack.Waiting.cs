using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>Waiting for the pipeline to reach a state, tolerating an unreachable storage or host meanwhile.</summary>
public sealed partial class FaultStack
{
    /// <summary>Polls the API (tolerating an unreachable storage or host) until the run is final.</summary>
    public async Task<JsonElement> WaitForFinalAsync(string runId, TimeSpan timeout)
    {
        JsonElement last = default;
        await WaitUntilAsync(
            async () =>
            {
                last = await GetRunAsync(runId) ?? default;
                return last.ValueKind == JsonValueKind.Object && RunStatus.IsFinal(last.GetProperty("status").GetString()!);
            },
            timeout,
            () => $"run {runId} did not finish: {last}\n{Logs()}",
            TimeSpan.FromMilliseconds(250));
        return last;
    }

    /// <summary>Waits for many runs with one list request a second (polling each would load storage more than the runs do).</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForAllFinalAsync(IReadOnlyCollection<string> runIds, TimeSpan timeout)
    {
        var final = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        await WaitUntilAsync(
            async () =>
            {
                try
                {
                    var list = await Api.GetFromJsonAsync<JsonElement>(new Uri("/api/runs?top=500", UriKind.Relative));
                    foreach (var run in list.GetProperty("runs").EnumerateArray())
                    {
                        var id = run.GetProperty("runId").GetString()!;
                        if (runIds.Contains(id) && RunStatus.IsFinal(run.GetProperty("status").GetString()!))
                        {
                            final[id] = run.Clone();
                        }
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
                return final.Count == runIds.Count;
            },
            timeout,
            () => $"{runIds.Count - final.Count} of {runIds.Count} runs did not finish\n{Logs()}");
        return runIds.Select(id => final[id]).ToList();
    }

    /// <summary>The slice row once <paramref name="condition"/> holds.</summary>
    public async Task<SliceRecord> WaitForSliceAsync(string runId, int index, Func<SliceRecord, bool> condition, TimeSpan timeout)
    {
        SliceRecord? slice = null;
        await WaitUntilAsync(
            async () => (slice = await TryAsync(() => Store.GetSliceAsync(runId, index))) is { } s && condition(s),
            timeout,
            () => $"slice {index} of {runId} never reached the expected state: {slice?.Status} attempt {slice?.Attempt}\n{Logs()}");
        return slice!;
    }

    /// <summary>Waits until slice <paramref name="index"/> stored at least <paramref name="seconds"/> rows; returns its row.</summary>
    public async Task<SliceRecord> WaitForStoredSecondsAsync(string runId, int index, int seconds, TimeSpan timeout)
    {
        await WaitUntilAsync(
            async () =>
            {
                try
                {
                    var stored = 0;
                    await foreach (var _ in Store.ReadSecondsAsync(runId, index))
                    {
                        stored++;
                    }

                    return stored >= seconds;
                }
                catch (Exception e) when (ServerlessLoad.Storage.StorageFailure.IsUnavailable(e, CancellationToken.None))
                {
                    return false;
                }
            },
            timeout,
            () => $"slice {index} of {runId} did not store {seconds} seconds\n{Logs()}",
            TimeSpan.FromMilliseconds(200));
        return (await Store.GetSliceAsync(runId, index))!;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe, TimeSpan? every = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"After {timeout.TotalSeconds:0} s: {describe()}");
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }
}

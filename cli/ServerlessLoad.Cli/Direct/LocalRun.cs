using ServerlessLoad.Core.Histograms;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Results;
using ServerlessLoad.Runner.Engine;
using ServerlessLoad.Runner.Engine.Browser;

namespace ServerlessLoad.Cli.Direct;

/// <summary>
/// Runs every slice of a plan in this process, as the runners would (same engine, same slicing, same per-second rows),
/// and hands each finished second to <paramref name="onSeconds"/> once a second and at the end.
/// </summary>
internal sealed class LocalRun(Plan plan, TimeProvider time)
{
    /// <summary>Where failed browser steps' screenshots are written (<c>screenshots/...png</c> below it); null takes none.</summary>
    public string? ScreenshotDirectory { get; init; }

    /// <summary>How long before the common start the slices get ready (connections pools, pre-allocated VUs).</summary>
    public static readonly TimeSpan LeadTime = TimeSpan.FromMilliseconds(300);

    public DateTimeOffset StartAt { get; private set; }

    public async Task<LocalRunResult> RunAsync(Func<IReadOnlyList<SliceSecond>, CancellationToken, Task> onSeconds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onSeconds);
        await EngineWarmUp.EnsureAsync().ConfigureAwait(false);
        StartAt = time.GetUtcNow() + LeadTime;
        var recorders = Enumerable.Range(0, plan.Slices)
            .Select(index => new SliceRecorder(StartAt, time) { Scrubber = Runner.Secrets.SecretScrubber.For(plan), Screenshots = ShelfFor(index) })
            .ToArray();
        var slices = recorders.Select((recorder, index) => SliceExecution.RunAsync(new SliceContext(plan, index, plan.Slices, StartAt, recorder, time), ct)).ToArray();
        var all = Task.WhenAll(slices);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None)).ConfigureAwait(false);
            var before = recorders[0].Clock.CurrentSecond;
            await onSeconds(Take(recorders, (recorder, index) => recorder.TakeCompleted(before, RunIdPlaceholder, index, 1)), CancellationToken.None).ConfigureAwait(false);
        }

        var errors = new string?[slices.Length];
        for (var i = 0; i < slices.Length; i++)
        {
            errors[i] = slices[i].Exception?.GetBaseException() is { } e and not OperationCanceledException ? e.Message : null;
        }

        await onSeconds(Take(recorders, (recorder, index) => recorder.TakeAll(RunIdPlaceholder, index, 1)), CancellationToken.None).ConfigureAwait(false);
        var timerLag = new LatencyHistogram();
        foreach (var recorder in recorders)
        {
            timerLag.Add(recorder.TimerLag);
        }

        return new LocalRunResult(StartAt, time.GetUtcNow(), ct.IsCancellationRequested, errors) { TimerLag = timerLag };
    }

    private ScreenshotShelf? ShelfFor(int slice) =>
        ScreenshotDirectory is not { } directory || !plan.HasBrowserSteps()
            ? null
            : new ScreenshotShelf($"slice-{slice}-attempt-1", async (name, png, ct) =>
            {
                var path = Path.Combine(directory, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, png, ct).ConfigureAwait(false);
            });

    /// <summary>Seconds carry this run id until the caller stamps its own.</summary>
    public const string RunIdPlaceholder = "local";

    private static List<SliceSecond> Take(SliceRecorder[] recorders, Func<SliceRecorder, int, IReadOnlyList<SliceSecond>> take)
    {
        var seconds = new List<SliceSecond>();
        for (var i = 0; i < recorders.Length; i++)
        {
            seconds.AddRange(take(recorders[i], i));
        }

        return seconds;
    }
}

/// <summary>When the load ran, whether it was cancelled, and each slice's error (null when it completed).</summary>
internal sealed record LocalRunResult(DateTimeOffset StartedAt, DateTimeOffset EndedAt, bool Cancelled, IReadOnlyList<string?> SliceErrors)
{
    /// <summary>The scheduling lag of every slice over the whole run.</summary>
    public LatencyHistogram TimerLag { get; init; } = new();
}

using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Slicing;

namespace ServerlessLoad.Runner.Engine;

/// <summary>What an executor needs to run its share of one scenario in one slice.</summary>
public sealed record SliceContext(
    Plan Plan,
    int Index,
    int Count,
    DateTimeOffset StartAt,
    SliceRecorder Recorder,
    HttpRequestSender Sender,
    TimeProvider Time);

/// <summary>Runs this slice's share of one scenario; each load model (k6 executor name) provides one.</summary>
public delegate Task ScenarioExecutor(SliceContext slice, Scenario scenario, CancellationToken ct);

/// <summary>Runs one slice of a plan: every scenario's share, concurrently, against one shared connection pool.</summary>
public static class SliceExecution
{
    /// <summary>Load models by executor name.</summary>
    public static IReadOnlyDictionary<string, ScenarioExecutor> Executors { get; } =
        new Dictionary<string, ScenarioExecutor>(StringComparer.Ordinal)
        {
            [Core.Plans.Executors.ConstantVus] = RunConstantVusAsync,
        };

    /// <summary>
    /// Returns when every scenario of this slice is done; throws <see cref="OperationCanceledException"/> when
    /// <paramref name="ct"/> stopped the run (requests it cut short are not recorded). Recorded seconds stay in
    /// <paramref name="recorder"/> for the caller to take.
    /// </summary>
    public static Task RunAsync(
        Plan plan,
        int index,
        int count,
        DateTimeOffset startAt,
        SliceRecorder recorder,
        TimeProvider time,
        CancellationToken ct) =>
        RunAsync(plan, index, count, startAt, recorder, time, Executors, ct);

    public static async Task RunAsync(
        Plan plan,
        int index,
        int count,
        DateTimeOffset startAt,
        SliceRecorder recorder,
        TimeProvider time,
        IReadOnlyDictionary<string, ScenarioExecutor> executors,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(executors);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        if (recorder.Clock.StartAt != startAt)
        {
            throw new ArgumentException("The recorder must count seconds from the same startAt as the run.", nameof(recorder));
        }

        var runs = plan.Scenarios
            .Select(s => (Scenario: s, Executor: executors.TryGetValue(s.Executor, out var e)
                ? e
                : throw new NotSupportedException($"Scenario '{s.Name}' uses executor '{s.Executor}', which this runner does not support.")))
            .ToList();

        // One connection per virtual user this slice runs at once, across all its scenarios.
        var connections = Math.Max(1, plan.Scenarios.Sum(s => Share.Of(s.Vus, index, count)));
        using var sender = new HttpRequestSender(plan, connections, recorder.Clock);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var context = new SliceContext(plan, index, count, startAt, recorder, sender, time);
        var scenarios = runs.Select(r => StopOthersOnFailureAsync(r.Executor(context, r.Scenario, stopping.Token), stopping)).ToList();
        await Task.WhenAll(scenarios);
        ct.ThrowIfCancellationRequested();
    }

    private static Task RunConstantVusAsync(SliceContext slice, Scenario scenario, CancellationToken ct)
    {
        var vus = Share.Of(scenario.Vus, slice.Index, slice.Count);
        return vus == 0
            ? Task.CompletedTask
            : new ConstantVusExecutor(slice.Index, slice.Time)
                .RunAsync(slice.Plan, scenario, vus, slice.StartAt, slice.Recorder, slice.Sender, ct);
    }

    /// <summary>A scenario that fails fails the slice: the others stop instead of running on for nothing.</summary>
    private static async Task StopOthersOnFailureAsync(Task scenario, CancellationTokenSource stopping)
    {
        try
        {
            await scenario;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await stopping.CancelAsync();
            throw;
        }
    }
}

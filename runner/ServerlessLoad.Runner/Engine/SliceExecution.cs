using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Slicing;
using ServerlessLoad.Runner.Engine.Executors;
using ServerlessLoad.Runner.Engine.Steps;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// What an executor needs to run its share of one scenario in one slice. <paramref name="ResumeAt"/> is where this
/// attempt's part of the timeline begins (a takeover resumes a slice mid-run): arrivals planned before it belonged to an
/// earlier attempt and are not started again.
/// </summary>
public sealed record SliceContext(
    Plan Plan,
    int Index,
    int Count,
    DateTimeOffset StartAt,
    SliceRecorder Recorder,
    TimeProvider Time)
{
    public DateTimeOffset ResumeAt { get; init; } = StartAt;
}

/// <summary>Runs this slice's share of one scenario; each load model (k6 executor name) provides one.</summary>
public delegate Task ScenarioExecutor(SliceContext slice, Scenario scenario, CancellationToken ct);

/// <summary>
/// Runs one slice of a plan: every scenario's share, concurrently (mixed load), each from its own start time, while a
/// monitor records the generator's health every second.
/// </summary>
public static class SliceExecution
{
    /// <summary>Load models by executor name.</summary>
    public static IReadOnlyDictionary<string, ScenarioExecutor> Executors { get; } =
        new Dictionary<string, ScenarioExecutor>(StringComparer.Ordinal)
        {
            [Core.Plans.Executors.ConstantVus] = ClosedModelExecutors.RunConstantVusAsync,
            [Core.Plans.Executors.PerVuIterations] = ClosedModelExecutors.RunPerVuIterationsAsync,
            [Core.Plans.Executors.SharedIterations] = ClosedModelExecutors.RunSharedIterationsAsync,
            [Core.Plans.Executors.RampingVus] = RampingVusExecutor.RunAsync,
            [Core.Plans.Executors.ConstantArrivalRate] = ArrivalRateExecutor.RunAsync,
            [Core.Plans.Executors.RampingArrivalRate] = ArrivalRateExecutor.RunAsync,
        };

    /// <summary>
    /// Runs <paramref name="slice"/>'s share of every scenario from its <see cref="SliceContext.ResumeAt"/> (a takeover
    /// of a slice another attempt began runs VUs as they would be at that point and does not start again the arrivals
    /// planned before it). Returns when every scenario is done; throws <see cref="OperationCanceledException"/> when
    /// <paramref name="ct"/> stopped the run (requests it cut short are not recorded). Recorded seconds stay in the
    /// slice's recorder for the caller to take.
    /// </summary>
    public static Task RunAsync(SliceContext slice, CancellationToken ct) => RunAsync(slice, Executors, ct);

    /// <summary>As <see cref="RunAsync(SliceContext, CancellationToken)"/>, with the given load models.</summary>
    public static async Task RunAsync(SliceContext slice, IReadOnlyDictionary<string, ScenarioExecutor> executors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentNullException.ThrowIfNull(executors);
        var (plan, index, count, startAt, recorder, time) = slice;
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        ArgumentOutOfRangeException.ThrowIfLessThan(slice.ResumeAt, startAt);
        if (recorder.Clock.StartAt != startAt)
        {
            throw new ArgumentException("The recorder must count seconds from the same startAt as the run.", nameof(slice));
        }

        var runs = plan.Scenarios
            .Select(s => (Scenario: s, Executor: executors.TryGetValue(s.Executor, out var e)
                ? e
                : throw new NotSupportedException($"Scenario '{s.Name}' uses executor '{s.Executor}', which this runner does not support.")))
            .ToList();

        // Fail on a bad target or method now rather than once the load runs.
        foreach (var spec in plan.Scenarios.SelectMany(s => s.Requests))
        {
            PreparedRequest.For(spec, plan);
        }

        foreach (var scenario in plan.Scenarios.Where(s => s.Steps.Count > 0))
        {
            ScenarioSteps.Validate(plan, scenario);
        }

        if (!plan.Scenarios.Any(s => HasShare(s, index, count)))
        {
            return;
        }

        await using var browsers = BrowserShare(plan, index, count);

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var monitor = new HealthMonitor(recorder, time);
        var health = monitor.RunAsync(stopping.Token);
        try
        {
            var scenarios = runs.Select(r => StopOthersOnFailureAsync(r.Executor(slice, r.Scenario, stopping.Token), stopping)).ToList();
            await Task.WhenAll(scenarios).ConfigureAwait(false);
        }
        finally
        {
            await monitor.StopAsync(health).ConfigureAwait(false);
        }

        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Whether this slice has anything to run for the scenario (a slice may get 0 of a small count).</summary>
    internal static bool HasShare(Scenario scenario, int index, int count) => scenario.Executor switch
    {
        Core.Plans.Executors.RampingVus => VuSchedule.SlicePeak(scenario, index, count) > 0,
        Core.Plans.Executors.ConstantArrivalRate or Core.Plans.Executors.RampingArrivalRate => ArrivalSchedule.Count(scenario) > index,
        Core.Plans.Executors.SharedIterations => ScenarioShare.Iterations(scenario, index, count) > 0,
        _ => ScenarioShare.Vus(scenario, index, count) > 0,
    };

    /// <summary>
    /// A slice with browser VUs holds the process's browser open until it ends (the browser itself starts with the first
    /// VU that needs it); null for slices without any, which never touch it.
    /// </summary>
    private static IAsyncDisposable? BrowserShare(Plan plan, int index, int count) =>
        plan.HasBrowserSteps() && BrowserScenarios.SlicePeakVus(plan, index, count) > 0 ? Browser.BrowserSlices.Enter() : null;

    /// <summary>A scenario that fails fails the slice: the others stop instead of running on for nothing.</summary>
    private static async Task StopOthersOnFailureAsync(Task scenario, CancellationTokenSource stopping)
    {
        try
        {
            await scenario.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}

using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Reports;

/// <summary>
/// What the pipeline knows about a run apart from its measurements: identity, timing, how it was started and how each
/// slice ended. Everything a report needs from the outside world comes in here, so building a report reads no clock.
/// </summary>
public sealed record RunFacts
{
    public required string RunId { get; init; }

    /// <summary>The plan the run executed; null when it could not be loaded (the run is then reported as errored).</summary>
    public Plan? Plan { get; init; }

    public required string PlanName { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>A <c>RunStatus</c> value the run already carries, e.g. <c>cancelled</c>; null when nothing is known.</summary>
    public string? StatusHint { get; init; }

    /// <summary>What started the run: <c>api</c>, <c>cli</c>, <c>schedule:nightly</c>, ...</summary>
    public string? Trigger { get; init; }

    public IReadOnlyList<SliceFacts> Slices { get; init; } = [];

    /// <summary>Pipeline problems that make the run's numbers unreliable (poison messages, lost rows, ...).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Set when an abortOnFail threshold stopped the run: it was cancelled for that reason, and it failed.</summary>
    public RunAbort? AbortedBy { get; init; }

    /// <summary>The share of the planned load that may go missing when the plan does not say (the pipeline's setting).</summary>
    public double DefaultMaxMissingLoad { get; init; } = DefaultMissingLoadTolerance;

    /// <summary>1%: a second lost in a 100-second slice is tolerated, a runner lost for long is not.</summary>
    public const double DefaultMissingLoadTolerance = 0.01;
}

/// <summary>How one slice ended, as its own record says. Requests/failures are the slice's self-reported counters.</summary>
public sealed record SliceFacts(int Index, string Status, int Attempt, long Requests, long Failures, string? Error = null);

namespace ServerlessLoad.Core.Plans;

/// <summary>
/// A threshold written as <c>{threshold: EXPR, abortOnFail: true, delayAbortEval: 10s}</c>: the run is cancelled as soon
/// as <see cref="Threshold"/> is certainly violated, judged only once <see cref="Delay"/> of the run has passed.
/// </summary>
/// <param name="Threshold">The expression, as listed in <see cref="Plan.Thresholds"/>.</param>
public sealed record ThresholdAbort(string Threshold, TimeSpan Delay);

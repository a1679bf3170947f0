namespace ServerlessLoad.Reports;

/// <summary>Why a run was stopped early: the abortOnFail threshold that failed, and the second of the run it failed at.</summary>
/// <param name="Threshold">The threshold's expression, as the plan lists it.</param>
/// <param name="Second">The run's second (from its start) whose results proved the violation.</param>
/// <param name="Reason">What was measured, for people: "failures.rate &lt; 1% failed at second 4: 50.00% does not meet &lt; 1.00%".</param>
public sealed record RunAbort(string Threshold, long Second, string Reason);

namespace ServerlessLoad.Reports;

/// <summary>The few numbers a one-screen summary shows, read back from a report.json.</summary>
public sealed record ReportSummary(
    string RunId,
    string Verdict,
    long Requests,
    long Failures,
    double Rps,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    IReadOnlyList<RequestSummary> PerRequest);

public sealed record RequestSummary(
    string Name,
    long Requests,
    long Failures,
    double Rps,
    double P50Ms,
    double P95Ms,
    double P99Ms);

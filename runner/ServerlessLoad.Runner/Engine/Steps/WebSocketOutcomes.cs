namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>Failure categories and samples of websocket steps, beside the HTTP ones of <see cref="FailureClassifier"/>.</summary>
internal static class WebSocketOutcomes
{
    /// <summary>The server closed the connection (or the socket ended) before the expected message came.</summary>
    public const string Closed = "closed";

    private const int MaxSampleText = 80;

    public static string TimeoutSample(string metric, string pattern, TimeSpan timeout) =>
        $"{FailureClassifier.Timeout} {metric}: no message matched '{Shorten(pattern)}' within {Core.Plans.DurationText.Format(timeout)}";

    public static string LostSample(string category, string metric, string? detail) =>
        $"{category} {metric}: {Shorten(detail ?? "the connection ended")}";

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= MaxSampleText ? line : string.Concat(line.AsSpan(0, MaxSampleText - 3), "...");
    }
}

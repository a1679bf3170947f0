using System.Diagnostics.CodeAnalysis;

namespace ServerlessLoad.Core.Thresholds;

/// <summary>
/// Reads threshold expressions: <c>METRIC[{request:NAME}].STAT OP VALUE[UNIT] [over DURATION]</c>, or
/// <c>METRIC OP VALUE</c> for metrics without a statistic (<c>rps</c>, <c>duration</c>). Errors end with the 1-based
/// character position they refer to ("unknown metric 'latncy' at 1").
/// </summary>
public static class ThresholdParser
{
    /// <param name="errorPosition">1-based position in <paramref name="text"/> the error refers to; 0 on success.</param>
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out Threshold? threshold,
        [NotNullWhen(false)] out string? error,
        out int errorPosition)
    {
        var cursor = new ExpressionCursor(text ?? "");
        threshold = ThresholdReader.Read(cursor);
        error = threshold is null ? cursor.Error ?? "invalid threshold at 1" : null;
        errorPosition = threshold is null ? Math.Max(cursor.ErrorPosition, 1) : 0;
        return threshold is not null;
    }

    /// <summary>For expressions already validated (a parsed plan's thresholds).</summary>
    /// <exception cref="FormatException">The expression is not valid.</exception>
    public static Threshold Parse(string text) =>
        TryParse(text, out var threshold, out var error, out _) ? threshold : throw new FormatException($"Invalid threshold '{text}': {error}");
}

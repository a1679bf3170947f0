using System.Globalization;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Thresholds;

/// <summary>Reads a threshold's value with its unit and normalizes it (milliseconds, fractions, counts, per second).</summary>
internal static class ThresholdValueReader
{
    public static double? Read(ExpressionCursor cursor, ThresholdValueKind kind)
    {
        var valueStart = cursor.Position;
        if (kind == ThresholdValueKind.Duration)
        {
            return ReadDuration(cursor, valueStart);
        }

        var found = cursor.DescribeNext();
        var number = cursor.ReadNumber();
        if (number is not { } value)
        {
            return cursor.Fail<double?>($"expected a number, found {found}", valueStart);
        }

        var unitStart = UnitStart(cursor);
        var unit = unitStart < 0 ? "" : ReadUnit(cursor, unitStart);
        switch (kind)
        {
            case ThresholdValueKind.Latency:
                double? scale = unit switch { "" or "ms" => 1, "s" => 1000, "us" => 0.001, _ => null };
                return scale is { } factor
                    ? value * factor
                    : cursor.Fail<double?>($"unknown unit '{unit}' for a latency; use ms (the default), s or us", unitStart);
            case ThresholdValueKind.Fraction when unit == "%":
                return value <= 100
                    ? value / 100
                    : cursor.Fail<double?>("a percentage must be between 0% and 100%", valueStart);
            case ThresholdValueKind.Fraction when unit == "":
                return value <= 1
                    ? value
                    : cursor.Fail<double?>($"a rate is a percent ({value.ToString(CultureInfo.InvariantCulture)}%) or a fraction between 0 and 1", valueStart);
            case ThresholdValueKind.Fraction:
                return cursor.Fail<double?>($"unexpected unit '{unit}': a rate is a percent (1%) or a fraction (0.01)", unitStart);
            case ThresholdValueKind.Count when unit != "":
                return cursor.Fail<double?>($"unexpected unit '{unit}': a count is a plain whole number", unitStart);
            case ThresholdValueKind.Count:
                return value % 1 == 0 ? value : cursor.Fail<double?>("a count must be a whole number", valueStart);
            case ThresholdValueKind.Score when unit != "":
                return cursor.Fail<double?>($"unexpected unit '{unit}': a layout shift score is a plain number (0.1)", unitStart);
            case ThresholdValueKind.Score:
                return value;
            default:
                return unit == ""
                    ? value
                    : cursor.Fail<double?>($"unexpected unit '{unit}': a rate per second is a plain number", unitStart);
        }
    }

    /// <summary>A run time such as 5s or 1m30s; unlike latencies the unit is required (a bare 5 is ambiguous).</summary>
    private static double? ReadDuration(ExpressionCursor cursor, int valueStart)
    {
        var token = cursor.ReadToken();
        if (token.Length == 0 || !char.IsAsciiDigit(token[0]))
        {
            cursor.Position = valueStart;
            return cursor.Fail<double?>($"expected a duration such as 5s or 1m30s, found {cursor.DescribeNext()}", valueStart);
        }

        if (!token.Any(char.IsAsciiLetter))
        {
            return cursor.Fail<double?>($"expected a time unit after {token} (ms, s, m or h)", valueStart + token.Length);
        }

        return DurationText.TryParse(token, out var duration)
            ? duration.TotalMilliseconds
            : cursor.Fail<double?>($"'{token}' is not a duration; write for example 500ms, 5s, 1m30s or 2h", valueStart);
    }

    /// <summary>Where the value's unit starts: right after the number, or after spaces unless the word is 'over'; -1 if none.</summary>
    private static int UnitStart(ExpressionCursor cursor)
    {
        var text = cursor.Text;
        var at = cursor.Position;
        if (at < text.Length && IsUnitStart(text[at]))
        {
            return at;
        }

        var afterSpaces = at;
        while (afterSpaces < text.Length && char.IsWhiteSpace(text[afterSpaces]))
        {
            afterSpaces++;
        }

        var isUnit = afterSpaces > at
            && afterSpaces < text.Length
            && IsUnitStart(text[afterSpaces])
            && !cursor.IsWordAt(afterSpaces, "over");
        return isUnit ? afterSpaces : -1;
    }

    private static bool IsUnitStart(char c) => char.IsAsciiLetter(c) || c == '%';

    private static string ReadUnit(ExpressionCursor cursor, int unitStart)
    {
        cursor.Position = unitStart;
        if (cursor.Peek() == '%')
        {
            cursor.Position++;
            return "%";
        }

        return cursor.ReadWord();
    }
}

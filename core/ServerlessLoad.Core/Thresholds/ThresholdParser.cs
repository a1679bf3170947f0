using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Thresholds;

/// <summary>
/// Reads threshold expressions: <c>METRIC[{request:NAME}].STAT OP VALUE[UNIT] [over DURATION]</c>, or
/// <c>METRIC OP VALUE</c> for metrics without a statistic (<c>rps</c>, <c>duration</c>). Errors name the 1-based
/// character position they refer to.
/// </summary>
public static class ThresholdParser
{
    private static readonly (string Text, ThresholdOperator Op)[] Operators =
    [
        ("<=", ThresholdOperator.LessThanOrEqual),
        (">=", ThresholdOperator.GreaterThanOrEqual),
        ("==", ThresholdOperator.Equal),
        ("!=", ThresholdOperator.NotEqual),
        ("<", ThresholdOperator.LessThan),
        (">", ThresholdOperator.GreaterThan),
    ];

    /// <param name="errorPosition">1-based position in <paramref name="text"/> the error refers to; 0 on success.</param>
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out Threshold? threshold,
        [NotNullWhen(false)] out string? error,
        out int errorPosition)
    {
        var reader = new Reader(text ?? "");
        threshold = reader.Read();
        error = reader.Error;
        errorPosition = reader.ErrorPosition;
        return threshold is not null;
    }

    /// <summary>For expressions already validated (a parsed plan's thresholds).</summary>
    /// <exception cref="FormatException">The expression is not valid.</exception>
    public static Threshold Parse(string text) =>
        TryParse(text, out var threshold, out var error, out _) ? threshold : throw new FormatException($"Invalid threshold '{text}': {error}");

    private sealed class Reader(string text)
    {
        private int position;

        public string? Error { get; private set; }

        public int ErrorPosition { get; private set; }

        public Threshold? Read()
        {
            SkipSpaces();
            if (AtEnd)
            {
                return Fail("expected a metric such as latency.p95 or failures.rate", position);
            }

            var metricStart = position;
            var metricName = ReadWord();
            if (metricName == "websocket" && Peek() == '.')
            {
                // The only metrics with a dot in their name: take the next word as part of it.
                position++;
                metricName += "." + ReadWord();
            }

            var metric = ThresholdMetrics.Find(metricName);
            if (metric is null)
            {
                var known = ThresholdMetrics.All.Select(m => m.Name);
                var hint = ClosestName.Find(metricName, known) is { } close ? $" (did you mean '{close}'?)" : "";
                return metricName.Length == 0
                    ? Fail($"expected a metric such as latency.p95 or failures.rate, found '{Peek()}'", metricStart)
                    : Fail($"unknown metric '{metricName}'{hint}", metricStart);
            }

            var request = ReadRequestFilter(metric);
            if (Error is not null)
            {
                return null;
            }

            var (stat, kind) = ReadStat(metric);
            if (kind is null)
            {
                return null;
            }

            SkipSpaces();
            var op = ReadOperator();
            if (op is null)
            {
                return null;
            }

            SkipSpaces();
            var value = ReadValue(kind.Value);
            if (value is null)
            {
                return null;
            }

            var over = ReadOver(metric);
            if (Error is not null)
            {
                return null;
            }

            SkipSpaces();
            if (!AtEnd)
            {
                return Fail($"unexpected '{RestOfWord()}'", position);
            }

            var normalizedMetric = metric.Name == ThresholdMetrics.RequestsPerSecond ? ThresholdMetrics.Requests : metric.Name;
            var normalizedStat = metric.Name == ThresholdMetrics.RequestsPerSecond ? ThresholdMetrics.Rate : stat;
            return new Threshold(text, normalizedMetric, request, normalizedStat, op.Value, value.Value, over);
        }

        private string? ReadRequestFilter(ThresholdMetric metric)
        {
            if (Peek() != '{')
            {
                return null;
            }

            var braceAt = position;
            if (!metric.AllowsRequest)
            {
                Fail($"'{metric.Name}' is measured for the whole run and takes no {{request:...}} filter", braceAt);
                return null;
            }

            position++;
            const string Prefix = "request:";
            if (string.CompareOrdinal(text, position, Prefix, 0, Prefix.Length) != 0)
            {
                Fail("expected 'request:' after '{'", position);
                return null;
            }

            position += Prefix.Length;
            var close = text.IndexOf('}', position);
            if (close < 0)
            {
                Fail("expected '}' to close the request filter", text.Length);
                return null;
            }

            var name = text[position..close].Trim();
            if (name.Length == 0)
            {
                Fail("expected a request name after 'request:'", position);
                return null;
            }

            position = close + 1;
            return name;
        }

        private (string? Stat, ThresholdValueKind? Kind) ReadStat(ThresholdMetric metric)
        {
            if (metric.NoStatKind is { } noStatKind)
            {
                if (Peek() == '.')
                {
                    Fail($"'{metric.Name}' takes no statistic: write '{metric.Name} < VALUE'", position);
                    return (null, null);
                }

                return (null, noStatKind);
            }

            var known = string.Join(", ", metric.Stats.Keys);
            if (Peek() != '.')
            {
                Fail($"expected '.' and a statistic ({known}) after '{metric.Name}'", position);
                return (null, null);
            }

            position++;
            var statStart = position;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '.' or '_'))
            {
                position++;
            }

            var stat = text[statStart..position];
            if (metric.Stats.TryGetValue(stat, out var kind))
            {
                return (stat, kind);
            }

            var hint = ClosestName.Find(stat, metric.Stats.Keys) is { } close ? $" (did you mean '{close}'?)" : "";
            Fail(stat.Length == 0
                ? $"expected a statistic ({known}) after '{metric.Name}.'"
                : $"unknown statistic '{stat}' for {metric.Name}{hint}; expected one of {known}", statStart);
            return (null, null);
        }

        private ThresholdOperator? ReadOperator()
        {
            foreach (var (symbol, op) in Operators)
            {
                if (string.CompareOrdinal(text, position, symbol, 0, symbol.Length) == 0)
                {
                    position += symbol.Length;
                    return op;
                }
            }

            var found = AtEnd ? "the end" : $"'{RestOfWord()}'";
            var hint = Peek() == '=' ? " (write == for equality)" : "";
            Fail($"expected operator (<, <=, >, >=, ==, !=), found {found}{hint}", position);
            return null;
        }

        private double? ReadValue(ThresholdValueKind kind)
        {
            var valueStart = position;
            if (kind == ThresholdValueKind.Duration)
            {
                return ReadDurationValue(valueStart);
            }

            var number = ReadNumber();
            if (number is null)
            {
                FailWith<double?>($"expected a number, found {(AtEnd ? "the end" : $"'{RestOfWord()}'")}", valueStart);
                return null;
            }

            var unitStart = UnitStart();
            var unit = unitStart < 0 ? "" : ReadUnit(unitStart);
            switch (kind)
            {
                case ThresholdValueKind.Latency:
                    double? scale = unit switch { "" or "ms" => 1, "s" => 1000, "us" => 0.001, _ => null };
                    return scale is { } factor
                        ? number * factor
                        : FailWith<double?>($"unknown unit '{unit}' for a latency; use ms (the default), s or us", unitStart);
                case ThresholdValueKind.Fraction when unit == "%":
                    return number <= 100
                        ? number / 100
                        : FailWith<double?>("a percentage must be between 0% and 100%", valueStart);
                case ThresholdValueKind.Fraction when unit == "":
                    return number <= 1
                        ? number
                        : FailWith<double?>($"a rate is a percent ({number.Value.ToString(CultureInfo.InvariantCulture)}%) or a fraction between 0 and 1", valueStart);
                case ThresholdValueKind.Fraction:
                    return FailWith<double?>($"unexpected unit '{unit}': a rate is a percent (1%) or a fraction (0.01)", unitStart);
                case ThresholdValueKind.Count when unit != "":
                    return FailWith<double?>($"unexpected unit '{unit}': a count is a plain whole number", unitStart);
                case ThresholdValueKind.Count:
                    return number % 1 == 0 ? number : FailWith<double?>("a count must be a whole number", valueStart);
                default:
                    return unit == ""
                        ? number
                        : FailWith<double?>($"unexpected unit '{unit}': a rate per second is a plain number", unitStart);
            }
        }

        private double? ReadDurationValue(int valueStart)
        {
            var token = ReadToken();
            if (token.Length == 0 || !char.IsAsciiDigit(token[0]))
            {
                return FailWith<double?>($"expected a duration such as 5s or 1m30s, found {(token.Length == 0 ? "the end" : $"'{token}'")}", valueStart);
            }

            if (!token.Any(char.IsAsciiLetter))
            {
                return FailWith<double?>($"expected a time unit after {token} (ms, s, m or h)", valueStart + token.Length);
            }

            return DurationText.TryParse(token, out var duration)
                ? duration.TotalMilliseconds
                : FailWith<double?>($"'{token}' is not a duration; write for example 500ms, 5s, 1m30s or 2h", valueStart);
        }

        private TimeSpan? ReadOver(ThresholdMetric metric)
        {
            var spacesStart = position;
            SkipSpaces();
            const string Keyword = "over";
            var keywordAt = position;
            if (position == spacesStart
                || string.CompareOrdinal(text, position, Keyword, 0, Keyword.Length) != 0
                || (position + Keyword.Length < text.Length && !char.IsWhiteSpace(text[position + Keyword.Length])))
            {
                position = spacesStart;
                return null;
            }

            if (metric.NoStatKind == ThresholdValueKind.Duration)
            {
                Fail($"'{metric.Name}' is measured once for the whole run and takes no 'over' window", keywordAt);
                return null;
            }

            position += Keyword.Length;
            SkipSpaces();
            var windowStart = position;
            var token = ReadToken();
            if (!DurationText.TryParse(token, out var window) || window <= TimeSpan.Zero)
            {
                Fail($"expected a window duration such as 30s after 'over', found {(token.Length == 0 ? "the end" : $"'{token}'")}", windowStart);
                return null;
            }

            return window;
        }

        private double? ReadNumber()
        {
            var start = position;
            while (!AtEnd && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            if (position == start)
            {
                return null;
            }

            if (Peek() == '.' && position + 1 < text.Length && char.IsAsciiDigit(text[position + 1]))
            {
                position++;
                while (!AtEnd && char.IsAsciiDigit(text[position]))
                {
                    position++;
                }
            }

            return double.TryParse(text.AsSpan(start, position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                ? value
                : null;
        }

        /// <summary>Where the value's unit starts: right after the number, or after spaces unless the word is 'over'.</summary>
        private int UnitStart()
        {
            if (!AtEnd && (char.IsAsciiLetter(text[position]) || text[position] == '%'))
            {
                return position;
            }

            var afterSpaces = position;
            while (afterSpaces < text.Length && char.IsWhiteSpace(text[afterSpaces]))
            {
                afterSpaces++;
            }

            var isUnit = afterSpaces > position
                && afterSpaces < text.Length
                && (char.IsAsciiLetter(text[afterSpaces]) || text[afterSpaces] == '%')
                && !IsWordAt(afterSpaces, "over");
            return isUnit ? afterSpaces : -1;
        }

        private string ReadUnit(int unitStart)
        {
            position = unitStart;
            if (text[position] == '%')
            {
                position++;
                return "%";
            }

            return ReadWord();
        }

        private bool IsWordAt(int at, string word) =>
            string.CompareOrdinal(text, at, word, 0, word.Length) == 0
            && (at + word.Length == text.Length || !char.IsAsciiLetterOrDigit(text[at + word.Length]));

        private string ReadWord()
        {
            var start = position;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_'))
            {
                position++;
            }

            return text[start..position];
        }

        /// <summary>A run of letters, digits and dots (numbers with units such as 1m30s or 1.5s).</summary>
        private string ReadToken()
        {
            var start = position;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '.'))
            {
                position++;
            }

            return text[start..position];
        }

        private string RestOfWord()
        {
            var end = position;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && end - position < 20)
            {
                end++;
            }

            return text[position..Math.Max(end, Math.Min(position + 1, text.Length))];
        }

        private bool AtEnd => position >= text.Length;

        private char Peek() => AtEnd ? '\0' : text[position];

        private void SkipSpaces()
        {
            while (!AtEnd && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
        }

        /// <summary>Records the first error with its 1-based position; returns null so callers can return it.</summary>
        private Threshold? Fail(string message, int at) => FailWith<Threshold>(message, at);

        private T? FailWith<T>(string message, int at)
        {
            if (Error is null)
            {
                Error = $"{message} at {at + 1}";
                ErrorPosition = at + 1;
            }

            return default;
        }
    }
}

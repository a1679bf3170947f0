using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Core.Thresholds;

/// <summary>Walks one expression: metric, optional request filter, statistic, operator, value, optional window.</summary>
internal static class ThresholdReader
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

    /// <summary>The threshold, or null with the cursor's error set.</summary>
    public static Threshold? Read(ExpressionCursor cursor)
    {
        cursor.SkipSpaces();
        var metric = ReadMetric(cursor, out var leadingRequest);
        if (metric is null)
        {
            return null;
        }

        var filterAt = cursor.Position;
        var request = ReadRequestFilter(cursor, metric);
        if (cursor.Error is not null)
        {
            return null;
        }

        if (leadingRequest is not null && request is not null)
        {
            return cursor.Fail<Threshold>("one {request:...} filter only: after 'browser' or after the measure, not both", filterAt);
        }

        request ??= leadingRequest;

        var (stat, kind) = ReadStat(cursor, metric);
        if (kind is null)
        {
            return null;
        }

        cursor.SkipSpaces();
        var op = ReadOperator(cursor);
        if (op is null)
        {
            return null;
        }

        cursor.SkipSpaces();
        var value = ThresholdValueReader.Read(cursor, kind.Value);
        if (value is null)
        {
            return null;
        }

        var over = ReadOver(cursor, metric);
        if (cursor.Error is not null)
        {
            return null;
        }

        cursor.SkipSpaces();
        if (!cursor.AtEnd)
        {
            return cursor.Fail<Threshold>($"unexpected {cursor.DescribeNext()}", cursor.Position);
        }

        // rps is shorthand for requests.rate: judges only ever see the long form.
        return metric.Name == ThresholdMetrics.RequestsPerSecond
            ? new Threshold(cursor.Text, ThresholdMetrics.Requests, request, ThresholdMetrics.Rate, op.Value, value.Value, over)
            : new Threshold(cursor.Text, metric.Name, request, stat, op.Value, value.Value, over);
    }

    /// <summary>
    /// The metric; <paramref name="leadingRequest"/> is the filter of <c>browser{request:N}.lcp</c>, which browser
    /// metrics may also take where the others do (<c>browser.lcp{request:N}</c>).
    /// </summary>
    private static ThresholdMetric? ReadMetric(ExpressionCursor cursor, out string? leadingRequest)
    {
        const string Expected = "expected a metric such as latency.p95 or failures.rate";
        leadingRequest = null;
        if (cursor.AtEnd)
        {
            return cursor.Fail<ThresholdMetric>(Expected, cursor.Position);
        }

        var start = cursor.Position;
        var name = cursor.ReadWord();
        if (name.Length == 0)
        {
            return cursor.Fail<ThresholdMetric>($"{Expected}, found {cursor.DescribeNext()}", start);
        }

        if (name == "browser" && cursor.Peek() == '{')
        {
            leadingRequest = ReadRequestFilter(cursor, ThresholdMetrics.Find(ThresholdMetrics.BrowserDuration)!);
            if (cursor.Error is not null)
            {
                return null;
            }
        }

        if (name is "websocket" or "browser" && cursor.Peek() == '.')
        {
            // The only metrics with a dot in their name: the next word is part of it.
            cursor.Position++;
            name += "." + cursor.ReadWord();
        }
        else if (name == "browser")
        {
            var measures = string.Join(", ", ThresholdMetrics.All.Select(m => m.Name).Where(n => n.StartsWith(ThresholdMetrics.BrowserPrefix, StringComparison.Ordinal)));
            return cursor.Fail<ThresholdMetric>($"expected '.' and a measure after 'browser' ({measures})", cursor.Position);
        }

        if (ThresholdMetrics.Find(name) is { } metric)
        {
            return metric;
        }

        var hint = ClosestName.Find(name, ThresholdMetrics.All.Select(m => m.Name)) is { } close ? $" (did you mean '{close}'?)" : "";
        return cursor.Fail<ThresholdMetric>($"unknown metric '{name}'{hint}", start);
    }

    private static string? ReadRequestFilter(ExpressionCursor cursor, ThresholdMetric metric)
    {
        if (cursor.Peek() != '{')
        {
            return null;
        }

        if (!metric.AllowsRequest)
        {
            return cursor.Fail<string>($"'{metric.Name}' is measured for the whole run and takes no {{request:...}} filter", cursor.Position);
        }

        cursor.Position++;
        const string Prefix = "request:";
        if (!cursor.IsAt(Prefix))
        {
            return cursor.Fail<string>("expected 'request:' after '{'", cursor.Position);
        }

        cursor.Position += Prefix.Length;
        var close = cursor.Text.IndexOf('}', cursor.Position);
        if (close < 0)
        {
            return cursor.Fail<string>("expected '}' to close the request filter", cursor.Text.Length);
        }

        var name = cursor.Text[cursor.Position..close].Trim();
        if (name.Length == 0)
        {
            return cursor.Fail<string>("expected a request name after 'request:'", cursor.Position);
        }

        cursor.Position = close + 1;
        return name;
    }

    private static (string? Stat, ThresholdValueKind? Kind) ReadStat(ExpressionCursor cursor, ThresholdMetric metric)
    {
        if (metric.NoStatKind is { } noStatKind)
        {
            return cursor.Peek() == '.'
                ? cursor.Fail<(string?, ThresholdValueKind?)>($"'{metric.Name}' takes no statistic: write '{metric.Name} < VALUE'", cursor.Position)
                : (null, noStatKind);
        }

        var known = string.Join(", ", metric.Stats.Keys);
        if (cursor.Peek() != '.')
        {
            return cursor.Fail<(string?, ThresholdValueKind?)>($"expected '.' and a statistic ({known}) after '{metric.Name}'", cursor.Position);
        }

        cursor.Position++;
        var start = cursor.Position;
        var stat = cursor.ReadWhile(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_');
        if (metric.Stats.TryGetValue(stat, out var kind))
        {
            return (stat, kind);
        }

        var hint = ClosestName.Find(stat, metric.Stats.Keys) is { } close ? $" (did you mean '{close}'?)" : "";
        var message = stat.Length == 0
            ? $"expected a statistic ({known}) after '{metric.Name}.'"
            : $"unknown statistic '{stat}' for {metric.Name}{hint}; expected one of {known}";
        return cursor.Fail<(string?, ThresholdValueKind?)>(message, start);
    }

    private static ThresholdOperator? ReadOperator(ExpressionCursor cursor)
    {
        foreach (var (symbol, op) in Operators)
        {
            if (cursor.IsAt(symbol))
            {
                cursor.Position += symbol.Length;
                return op;
            }
        }

        var hint = cursor.Peek() == '=' ? " (write == for equality)" : "";
        return cursor.Fail<ThresholdOperator?>($"expected operator (<, <=, >, >=, ==, !=), found {cursor.DescribeNext()}{hint}", cursor.Position);
    }

    private static TimeSpan? ReadOver(ExpressionCursor cursor, ThresholdMetric metric)
    {
        var beforeSpaces = cursor.Position;
        cursor.SkipSpaces();
        const string Keyword = "over";
        var keywordAt = cursor.Position;
        var isKeyword = keywordAt > beforeSpaces
            && cursor.IsAt(Keyword)
            && (keywordAt + Keyword.Length == cursor.Text.Length || char.IsWhiteSpace(cursor.Text[keywordAt + Keyword.Length]));
        if (!isKeyword)
        {
            cursor.Position = beforeSpaces;
            return null;
        }

        if (metric.NoStatKind == ThresholdValueKind.Duration)
        {
            return cursor.Fail<TimeSpan?>($"'{metric.Name}' is measured once for the whole run and takes no 'over' window", keywordAt);
        }

        cursor.Position += Keyword.Length;
        cursor.SkipSpaces();
        var windowStart = cursor.Position;
        var found = cursor.DescribeNext();
        var token = cursor.ReadToken();
        return DurationText.TryParse(token, out var window) && window > TimeSpan.Zero
            ? window
            : cursor.Fail<TimeSpan?>($"expected a window duration such as 30s after 'over', found {found}", windowStart);
    }
}

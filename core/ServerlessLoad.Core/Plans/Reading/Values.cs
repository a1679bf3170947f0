namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Typed readers for single values: each returns null and records a problem when the node does not fit.</summary>
internal static class Values
{
    /// <summary>Any non-null scalar as written (<c>name: 123</c> is the text "123").</summary>
    public static string? Text(SourceNode node, string path, ProblemList problems)
    {
        if (node is SourceScalar { Kind: not ScalarKind.Null and not ScalarKind.Invalid } scalar)
        {
            return scalar.Text;
        }

        Expected(node, path, "text", problems);
        return null;
    }

    public static int? Integer(SourceNode node, string path, int min, int max, ProblemList problems)
    {
        if (node is not SourceScalar { Kind: ScalarKind.Integer } scalar)
        {
            Expected(node, path, "a whole number", problems);
            return null;
        }

        var value = ScalarResolver.ToInt64(scalar.Text);
        if (value is null || value < min || value > max)
        {
            problems.Add(path, node, $"must be between {min} and {max}, found {SourceScalar.Shorten(scalar.Text)}");
            return null;
        }

        return (int)value;
    }

    /// <summary>A duration in plan syntax or a number of seconds, within (0 or more) .. max.</summary>
    public static TimeSpan? Duration(SourceNode node, string path, bool allowZero, TimeSpan max, ProblemList problems)
    {
        if (node is not SourceScalar { Kind: ScalarKind.Integer or ScalarKind.Float or ScalarKind.Text } scalar)
        {
            Expected(node, path, $"a duration ({DurationText.Examples})", problems);
            return null;
        }

        TimeSpan duration;
        if (scalar.Kind == ScalarKind.Text)
        {
            if (!DurationText.TryParse(scalar.Text, out duration))
            {
                Expected(node, path, $"a duration ({DurationText.Examples})", problems);
                return null;
            }
        }
        else
        {
            var seconds = ScalarResolver.ToDouble(scalar.Text);
            if (double.IsNaN(seconds) || seconds < 0)
            {
                problems.Add(path, node, $"must not be negative, found {SourceScalar.Shorten(scalar.Text)}");
                return null;
            }

            if (seconds > max.TotalSeconds)
            {
                problems.Add(path, node, $"must be at most {DurationText.Format(max)}, found {SourceScalar.Shorten(scalar.Text)}s");
                return null;
            }

            duration = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }

        if (duration == TimeSpan.Zero && !allowZero)
        {
            problems.Add(path, node, "must be greater than 0");
            return null;
        }

        if (duration > max)
        {
            problems.Add(path, node, $"must be at most {DurationText.Format(max)}, found {DurationText.Format(duration)}");
            return null;
        }

        return duration;
    }

    /// <summary>A percentage (<c>5%</c>) or a number read as a fraction (<c>0.05</c>); null for anything else.</summary>
    public static double? Share(SourceNode node) => node switch
    {
        SourceScalar { Kind: ScalarKind.Text } s when s.Text.EndsWith('%') && Percent.TryParse(s.Text, out var fraction) => fraction,
        SourceScalar { Kind: ScalarKind.Integer or ScalarKind.Float } s when ScalarResolver.ToDouble(s.Text) is var d && !double.IsNaN(d) => d,
        _ => null,
    };

    public static SourceMapping? Mapping(SourceNode node, string path, ProblemList problems)
    {
        if (node is SourceMapping mapping)
        {
            return mapping;
        }

        Expected(node, path, "a mapping", problems);
        return null;
    }

    public static SourceSequence? Sequence(SourceNode node, string path, ProblemList problems)
    {
        if (node is SourceSequence sequence)
        {
            return sequence;
        }

        Expected(node, path, "a list", problems);
        return null;
    }

    public static void Expected(SourceNode node, string path, string expected, ProblemList problems)
    {
        var message = node is SourceScalar { Kind: ScalarKind.Invalid, InvalidReason: { } reason }
            ? $"expected {expected}: {reason}"
            : $"expected {expected}, found {node.Describe()}";
        problems.Add(path, node, message);
    }
}

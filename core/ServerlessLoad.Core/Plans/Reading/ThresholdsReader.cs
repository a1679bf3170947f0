using ServerlessLoad.Core.Thresholds;

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Reads <c>thresholds:</c>, a list whose entries are an expression (<c>- failures.rate &lt; 1%</c>) or a mapping with
/// k6's names (<c>- {threshold: failures.rate &lt; 1%, abortOnFail: true, delayAbortEval: 10s}</c>).
/// </summary>
internal static class ThresholdsReader
{
    public static readonly IReadOnlyList<string> FieldNames = ["threshold", "abortOnFail", "delayAbortEval"];

    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);

    /// <summary>The expressions and the abortOnFail entries among them, or null after recording problems.</summary>
    public static (List<string> Expressions, List<ThresholdAbort> Aborts)? Read(SourceNode node, PlanReadContext context)
    {
        var problems = context.Problems;
        if (Values.Sequence(node, "thresholds", problems) is not { } sequence)
        {
            return null;
        }

        var before = problems.Count;
        var expressions = new List<string>(sequence.Items.Count);
        var aborts = new List<ThresholdAbort>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var path = FieldPath.Item("thresholds", i);
            var item = sequence.Items[i];
            var (textNode, textPath, abort) = item is SourceMapping mapping ? ReadEntry(mapping, path, problems) : (item, path, null);
            if (textNode is null || Values.Text(textNode, textPath, problems) is not { } text
                || ReadExpression(text, textNode, textPath, context) is not { } threshold)
            {
                continue;
            }

            if (abort is not null && ThresholdAbortRules.WhyNot(threshold) is { } whyNot)
            {
                problems.Add(FieldPath.Child(path, "abortOnFail"), item, whyNot);
                continue;
            }

            expressions.Add(text);
            if (abort is { } delay)
            {
                aborts.Add(new ThresholdAbort(text, delay));
            }
        }

        return problems.Count == before ? (expressions, aborts) : null;
    }

    /// <summary>The expression's node and path, and the abort delay when abortOnFail is true (null when it is not).</summary>
    private static (SourceNode? Text, string Path, TimeSpan? AbortDelay) ReadEntry(SourceMapping mapping, string path, ProblemList problems)
    {
        var fields = KnownFields.Read(mapping, path, FieldNames, problems);
        var text = fields.Required("threshold", problems);
        var abortOnFail = false;
        var flagRead = true;
        if (fields.Value("abortOnFail") is { } flag)
        {
            if (flag is SourceScalar { Kind: ScalarKind.Boolean } scalar)
            {
                abortOnFail = ScalarResolver.IsTrue(scalar.Text);
            }
            else
            {
                Values.Expected(flag, fields.PathOf("abortOnFail"), "true or false", problems);
                flagRead = false;
            }
        }

        var delay = TimeSpan.Zero;
        if (fields.Value("delayAbortEval") is { } delayNode)
        {
            if (Values.Duration(delayNode, fields.PathOf("delayAbortEval"), allowZero: true, MaxDelay, problems) is { } read)
            {
                delay = read;
            }

            if (!abortOnFail && flagRead)
            {
                problems.Add(fields.PathOf("delayAbortEval"), delayNode, "applies only with abortOnFail: true");
            }
        }

        return (text, FieldPath.Child(path, "threshold"), abortOnFail ? delay : null);
    }

    private static Threshold? ReadExpression(string text, SourceNode node, string path, PlanReadContext context)
    {
        var problems = context.Problems;
        if (!ThresholdParser.TryParse(text, out var threshold, out var error, out _))
        {
            problems.Add(path, node, $"'{SourceScalar.Shorten(text)}': {error}");
            return null;
        }

        if (threshold.Request is { } request && !context.RequestNames.ContainsKey(request))
        {
            problems.Add(path, node, $"unknown request '{SourceScalar.Shorten(request)}'{ClosestName.Hint(request, context.RequestNames.Keys)}");
            return null;
        }

        return threshold;
    }
}

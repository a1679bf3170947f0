using System.Text.RegularExpressions;

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Reads a websocket step's <c>actions:</c>: a list of one-key mappings (send, expect, hold, close).</summary>
internal static class WebSocketActionReader
{
    public static readonly TimeSpan DefaultExpectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long one match of an expect pattern may run; the runner builds its patterns with the same bound.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public const RegexOptions PatternOptions = RegexOptions.CultureInvariant;

    public static readonly IReadOnlyList<string> Kinds = ["send", "expect", "hold", "close"];

    public static readonly IReadOnlyList<string> ExpectFieldNames = ["match", "timeout"];

    public static readonly IReadOnlyList<string> SendFieldNames = ["json"];

    public static List<WebSocketAction>? ReadAll(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Sequence(node, path, problems) is not { } sequence)
        {
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            problems.Add(path, node, "must list at least one action (send, expect, hold or close)");
            return null;
        }

        var before = problems.Count;
        var actions = new List<WebSocketAction>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = FieldPath.Item(path, i);
            if (Read(sequence.Items[i], itemPath, problems) is not { } action)
            {
                continue;
            }

            if (action is WebSocketClose && i < sequence.Items.Count - 1)
            {
                problems.Add(FieldPath.Child(itemPath, "close"), sequence.Items[i], "must be the last action: nothing can be sent or received after it");
            }

            actions.Add(action);
        }

        return problems.Count == before ? actions : null;
    }

    private static WebSocketAction? Read(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var entries = MappingEntries.Read(mapping, path, problems, StringComparer.Ordinal);
        if (entries.Count != 1)
        {
            if (mapping.Entries.Count != 1)
            {
                problems.Add(path, node, $"an action has exactly one key ({string.Join(", ", Kinds)}), found {mapping.Entries.Count}: give each action its own list item");
            }

            return null;
        }

        var (kind, key, value) = entries[0];
        var field = FieldPath.Child(path, kind);
        switch (kind)
        {
            case "send":
                return ReadSend(value, field, problems);
            case "expect":
                return ReadExpect(value, field, problems);
            case "hold":
                return Values.Duration(value, field, allowZero: false, ScenarioReader.MaxDuration, problems) is { } duration
                    ? new WebSocketHold(duration)
                    : null;
            case "close":
                if (value is SourceScalar { Kind: ScalarKind.Boolean } flag && ScalarResolver.IsTrue(flag.Text))
                {
                    return new WebSocketClose();
                }

                Values.Expected(value, field, "true (close: true)", problems);
                return null;
            default:
                problems.Add(field, key, $"unknown action '{SourceScalar.Shorten(kind)}'{ClosestName.Hint(kind, Kinds)} (known: {string.Join(", ", Kinds)})");
                return null;
        }
    }

    private static WebSocketSend? ReadSend(SourceNode node, string path, ProblemList problems)
    {
        string? text;
        if (node is SourceMapping mapping)
        {
            var fields = KnownFields.Read(mapping, path, SendFieldNames, problems);
            if (fields.Required("json", problems) is not { } json)
            {
                return null;
            }

            text = JsonBodyWriter.Write(json, fields.PathOf("json"), problems);
        }
        else
        {
            text = Values.Text(node, path, problems);
        }

        if (text is null)
        {
            return null;
        }

        if (WebSocketStepReader.TemplateProblem(text) is { } problem)
        {
            problems.Add(path, node, problem);
            return null;
        }

        return new WebSocketSend(text);
    }

    private static WebSocketExpect? ReadExpect(SourceNode node, string path, ProblemList problems)
    {
        if (node is not SourceMapping mapping)
        {
            // expect: "pattern" is short for expect: {match: "pattern"}.
            return Pattern(node, path, problems) is { } shorthand ? new WebSocketExpect(shorthand, DefaultExpectTimeout) : null;
        }

        var fields = KnownFields.Read(mapping, path, ExpectFieldNames, problems);
        var pattern = fields.Required("match", problems) is { } matchNode ? Pattern(matchNode, fields.PathOf("match"), problems) : null;
        var timeout = fields.Value("timeout") is { } timeoutNode
            ? Values.Duration(timeoutNode, fields.PathOf("timeout"), allowZero: false, RequestReader.MaxTimeout, problems)
            : DefaultExpectTimeout;
        return pattern is null || timeout is null ? null : new WebSocketExpect(pattern, timeout.Value);
    }

    private static string? Pattern(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Text(node, path, problems) is not { } pattern)
        {
            return null;
        }

        try
        {
            _ = new Regex(pattern, PatternOptions, MatchTimeout);
            return pattern;
        }
        catch (ArgumentException error)
        {
            problems.Add(path, node, $"is not a valid regular expression: {error.Message}");
            return null;
        }
    }
}

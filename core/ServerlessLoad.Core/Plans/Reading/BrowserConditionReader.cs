using System.Text.RegularExpressions;

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Reads the browser actions that look at the page rather than act on it: <c>waitFor</c>, <c>expect</c> and
/// <c>capture</c>.
/// </summary>
internal static class BrowserConditionReader
{
    public static readonly IReadOnlyList<string> WaitKinds = ["selector", "loadState", "url"];

    public static readonly IReadOnlyList<string> ElementStates = ["visible", "hidden", "attached", "detached"];

    /// <summary>The load states a page can be waited for in (commit is only a goto's waitUntil: a page is past it once shown).</summary>
    public static readonly IReadOnlyList<string> WaitLoadStates = ["load", "domcontentloaded", "networkidle"];

    public static readonly IReadOnlyList<string> ExpectKinds = ["visible", "text", "title", "url"];

    public static readonly IReadOnlyList<string> CaptureFieldNames = ["selector", "attribute", "url", "title", "regex"];

    /// <summary>How long one capture pattern may run; the runner builds its patterns with the same bound.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public const RegexOptions PatternOptions = RegexOptions.CultureInvariant;

    /// <summary><c>{selector: S, state: visible}</c>, <c>{loadState: networkidle}</c> or <c>{url: TEXT}</c>, each with an optional timeout.</summary>
    public static BrowserWaitFor? ReadWaitFor(SourceNode node, string path, TemplateScope scope, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, [.. WaitKinds, "state", "timeout"], problems);
        var kinds = WaitKinds.Where(fields.Has).ToList();
        if (kinds.Count != 1)
        {
            problems.Add(path, mapping, kinds.Count == 0
                ? "needs one of selector, loadState or url"
                : $"waits for one thing: set one of selector, loadState or url, not {string.Join(" and ", kinds)}");
            return null;
        }

        var kind = kinds[0];
        var subjectNode = fields.Value(kind)!;
        var subjectPath = fields.PathOf(kind);
        string? subject = kind switch
        {
            "selector" => BrowserActionReader.ReadSelector(subjectNode, subjectPath, scope, problems),
            "loadState" => ReadWaitLoadState(subjectNode, subjectPath, problems),
            _ => ReadText(subjectNode, subjectPath, scope, problems),
        };

        var elementState = BrowserElementState.Visible;
        if (fields.Value("state") is { } stateNode)
        {
            if (kind != "selector")
            {
                problems.Add(fields.PathOf("state"), fields.Key("state")!, "applies to waitFor: {selector: ...} only");
            }
            else if (ReadElementState(stateNode, fields.PathOf("state"), problems) is { } read)
            {
                elementState = read;
            }
        }

        var timeout = BrowserActionReader.ReadTimeout(fields, problems, out _);
        var waitKind = kind switch { "selector" => BrowserWaitKind.Selector, "loadState" => BrowserWaitKind.LoadState, _ => BrowserWaitKind.Url };
        return problems.Count > before || subject is null ? null : new BrowserWaitFor(waitKind, subject, elementState) { Timeout = timeout };
    }

    /// <summary>
    /// <c>{visible: S}</c>, <c>{text: {selector: S, contains: X}}</c> (or equals), <c>{title: X}</c> and <c>{url: X}</c>
    /// (the text appears in it; or <c>{equals: X}</c> / <c>{contains: X}</c>), each with an optional timeout.
    /// </summary>
    public static BrowserExpect? ReadExpect(SourceNode node, string path, TemplateScope scope, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, [.. ExpectKinds, "timeout"], problems);
        var kinds = ExpectKinds.Where(fields.Has).ToList();
        if (kinds.Count != 1)
        {
            problems.Add(path, mapping, kinds.Count == 0
                ? "needs one of visible, text, title or url"
                : $"checks one thing: set one of visible, text, title or url, not {string.Join(" and ", kinds)}");
            return null;
        }

        var kind = kinds[0];
        var value = fields.Value(kind)!;
        var field = fields.PathOf(kind);
        BrowserExpect? expect = null;
        switch (kind)
        {
            case "visible":
                expect = BrowserActionReader.ReadSelector(value, field, scope, problems) is { } selector
                    ? new BrowserExpect(BrowserExpectKind.Visible, selector, null, Exact: false)
                    : null;
                break;
            case "text":
                expect = ReadTextExpect(value, field, scope, problems);
                break;
            default:
                var (expected, exact) = ReadMatch(value, field, scope, problems);
                expect = expected is null ? null : new BrowserExpect(kind == "title" ? BrowserExpectKind.Title : BrowserExpectKind.Url, null, expected, exact);
                break;
        }

        var timeout = BrowserActionReader.ReadTimeout(fields, problems, out _);
        return problems.Count > before || expect is null ? null : expect with { Timeout = timeout };
    }

    /// <summary>One capture per variable, each added to <paramref name="scope"/> once read.</summary>
    public static List<BrowserAction>? ReadCaptures(SourceNode node, string path, TemplateScope scope, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var captures = new List<BrowserAction>();
        foreach (var (name, key, value) in MappingEntries.Read(mapping, path, problems, StringComparer.Ordinal))
        {
            var field = FieldPath.Child(path, name);
            if (TemplateScope.NameProblem(name, "variable") is { } problem)
            {
                problems.Add(field, key, problem);
                continue;
            }

            if (ReadCapture(name, value, field, scope, problems) is { } capture)
            {
                captures.Add(capture);
            }
        }

        scope.AddVariables(captures.OfType<BrowserCapture>().Select(c => c.Variable));
        return problems.Count == before ? captures : null;
    }

    private static BrowserCapture? ReadCapture(string variable, SourceNode node, string path, TemplateScope scope, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, CaptureFieldNames, problems);
        var sources = new[] { "selector", "url", "title" }.Where(fields.Has).ToList();
        if (sources.Count != 1)
        {
            problems.Add(path, mapping, sources.Count == 0
                ? "needs one of selector (an element's text, or with attribute one of its attributes), url: true or title: true"
                : $"reads one thing: set one of selector, url or title, not {string.Join(" and ", sources)}");
            return null;
        }

        var source = sources[0];
        string? selector = null;
        if (source == "selector")
        {
            selector = BrowserActionReader.ReadSelector(fields.Value("selector")!, fields.PathOf("selector"), scope, problems);
        }
        else if (fields.Value(source) is not SourceScalar { Kind: ScalarKind.Boolean } flag || !ScalarResolver.IsTrue(flag.Text))
        {
            Values.Expected(fields.Value(source)!, fields.PathOf(source), $"true ({source}: true)", problems);
        }

        string? attribute = null;
        if (fields.Value("attribute") is { } attributeNode)
        {
            if (source != "selector")
            {
                problems.Add(fields.PathOf("attribute"), fields.Key("attribute")!, "applies to a capture with a selector only");
            }
            else if (Values.Text(attributeNode, fields.PathOf("attribute"), problems) is { } text)
            {
                attribute = text;
            }
        }

        var pattern = fields.Value("regex") is { } regexNode ? ReadPattern(regexNode, fields.PathOf("regex"), problems) : null;
        var kind = source switch { "selector" => BrowserCaptureSource.Element, "url" => BrowserCaptureSource.Url, _ => BrowserCaptureSource.Title };
        return problems.Count > before ? null : new BrowserCapture(variable, kind, selector, attribute, pattern);
    }

    private static BrowserExpect? ReadTextExpect(SourceNode node, string path, TemplateScope scope, ProblemList problems)
    {
        if (node is not SourceMapping mapping)
        {
            Values.Expected(node, path, "a mapping {selector: S, contains: TEXT} (or equals: TEXT)", problems);
            return null;
        }

        var fields = KnownFields.Read(mapping, path, ["selector", "equals", "contains"], problems);
        var selector = fields.Required("selector", problems) is { } selectorNode
            ? BrowserActionReader.ReadSelector(selectorNode, fields.PathOf("selector"), scope, problems)
            : null;
        var (expected, exact) = ReadMatch(fields, scope, problems);
        return selector is null || expected is null ? null : new BrowserExpect(BrowserExpectKind.Text, selector, expected, exact);
    }

    /// <summary>A text to find (<c>X</c> or <c>{contains: X}</c>) or to equal (<c>{equals: X}</c>).</summary>
    private static (string? Expected, bool Exact) ReadMatch(SourceNode node, string path, TemplateScope scope, ProblemList problems) =>
        node is SourceMapping mapping
            ? ReadMatch(KnownFields.Read(mapping, path, ["equals", "contains"], problems), scope, problems)
            : (ReadText(node, path, scope, problems), false);

    private static (string? Expected, bool Exact) ReadMatch(KnownFields fields, TemplateScope scope, ProblemList problems)
    {
        var kinds = new[] { "equals", "contains" }.Where(fields.Has).ToList();
        if (kinds.Count != 1)
        {
            problems.Add(fields.Path, fields.Mapping, kinds.Count == 0 ? "needs equals or contains" : "set one of equals or contains, not both");
            return (null, false);
        }

        return (ReadText(fields.Value(kinds[0])!, fields.PathOf(kinds[0]), scope, problems), kinds[0] == "equals");
    }

    private static string? ReadText(SourceNode node, string path, TemplateScope scope, ProblemList problems) =>
        Values.Text(node, path, problems) is { } text && scope.Check(text, path, node, problems) ? text : null;

    private static string? ReadWaitLoadState(SourceNode node, string path, ProblemList problems)
    {
        if (BrowserActionReader.ReadLoadState(node, path, problems) is not { } state)
        {
            return null;
        }

        if (state == BrowserLoadState.Commit)
        {
            problems.Add(path, node, $"'commit' is for goto's waitUntil; wait for one of {string.Join(", ", WaitLoadStates)}");
            return null;
        }

        return ((SourceScalar)node).Text;
    }

    private static BrowserElementState? ReadElementState(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Text(node, path, problems) is not { } text)
        {
            return null;
        }

        if (ElementStates.Contains(text, StringComparer.Ordinal))
        {
            return Enum.Parse<BrowserElementState>(text, ignoreCase: true);
        }

        problems.Add(path, node, $"unknown state '{SourceScalar.Shorten(text)}'{ClosestName.Hint(text, ElementStates)} (known: {string.Join(", ", ElementStates)})");
        return null;
    }

    private static string? ReadPattern(SourceNode node, string path, ProblemList problems)
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

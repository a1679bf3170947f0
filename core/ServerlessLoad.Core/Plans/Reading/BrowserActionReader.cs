namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Reads a browser step's <c>actions:</c>: a list of one-key mappings (goto, click, fill, press, select, waitFor,
/// expect, think, capture). Actions that take an element name it by a Playwright selector (CSS, <c>text=...</c>,
/// <c>role=...</c>); every action but think and capture may set its own <c>timeout</c>.
/// </summary>
internal static class BrowserActionReader
{
    public static readonly IReadOnlyList<string> Kinds = ["goto", "click", "fill", "press", "select", "waitFor", "expect", "think", "capture"];

    public static readonly IReadOnlyList<string> LoadStates = ["load", "domcontentloaded", "networkidle", "commit"];

    public static List<BrowserAction>? ReadAll(SourceNode node, string path, TemplateScope scope, bool mustStartWithGoto, ProblemList problems)
    {
        if (Values.Sequence(node, path, problems) is not { } sequence)
        {
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            problems.Add(path, node, $"must list at least one action ({string.Join(", ", Kinds)})");
            return null;
        }

        var before = problems.Count;
        var actions = new List<BrowserAction>(sequence.Items.Count);
        var awaitingGoto = mustStartWithGoto;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = FieldPath.Item(path, i);
            var kind = KindOf(sequence.Items[i]);
            if (awaitingGoto && kind != "think")
            {
                awaitingGoto = false;
                if (kind is not null and not "goto")
                {
                    problems.Add(FieldPath.Child(itemPath, kind), sequence.Items[i],
                        "the scenario's first browser action must be 'goto': every iteration starts on a blank page");
                }
            }

            actions.AddRange(Read(sequence.Items[i], itemPath, scope, problems) ?? []);
        }

        return problems.Count == before ? actions : null;
    }

    /// <summary>The action an item names (its only key), or null when it names none clearly.</summary>
    private static string? KindOf(SourceNode item) =>
        item is SourceMapping { Entries: [{ Key: SourceScalar { Kind: ScalarKind.Text } key }] } ? key.Text : null;

    /// <summary>One item: usually one action, or one capture per variable of a <c>capture:</c> mapping.</summary>
    private static List<BrowserAction>? Read(SourceNode node, string path, TemplateScope scope, ProblemList problems)
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
        BrowserAction? action;
        switch (kind)
        {
            case "goto":
                action = ReadGoto(value, field, scope, problems);
                break;
            case "click":
                action = ReadElementAction(value, field, [], scope, problems, (selector, _) => new BrowserClick(selector));
                break;
            case "fill":
                action = ReadElementAction(value, field, ["value"], scope, problems, (selector, f) => new BrowserFill(selector, f["value"]));
                break;
            case "select":
                action = ReadElementAction(value, field, ["value"], scope, problems, (selector, f) => new BrowserSelect(selector, f["value"]));
                break;
            case "press":
                action = ReadPress(value, field, scope, problems);
                break;
            case "waitFor":
                action = BrowserConditionReader.ReadWaitFor(value, field, scope, problems);
                break;
            case "expect":
                action = BrowserConditionReader.ReadExpect(value, field, scope, problems);
                break;
            case "think":
                action = ThinkTimeReader.Read(value, field, StepsReader.MaxThink, problems) is { } think ? new BrowserThink(think) : null;
                break;
            case "capture":
                return BrowserConditionReader.ReadCaptures(value, field, scope, problems);
            default:
                problems.Add(field, key, $"unknown browser action '{SourceScalar.Shorten(kind)}'{ClosestName.Hint(kind, Kinds)} (known: {string.Join(", ", Kinds)})");
                return null;
        }

        return action is null ? null : [action];
    }

    private static BrowserGoto? ReadGoto(SourceNode node, string path, TemplateScope scope, ProblemList problems)
    {
        if (node is not SourceMapping mapping)
        {
            return ReadPath(node, path, scope, problems) is { } shorthand ? new BrowserGoto(shorthand, BrowserLoadState.Load) : null;
        }

        var fields = KnownFields.Read(mapping, path, ["path", "waitUntil", "timeout"], problems);
        var target = fields.Required("path", problems) is { } pathNode ? ReadPath(pathNode, fields.PathOf("path"), scope, problems) : null;
        var waitUntil = fields.Value("waitUntil") is { } waitNode ? ReadLoadState(waitNode, fields.PathOf("waitUntil"), problems) : BrowserLoadState.Load;
        var timeout = ReadTimeout(fields, problems, out var timeoutValid);
        return target is null || waitUntil is null || !timeoutValid ? null : new BrowserGoto(target, waitUntil.Value) { Timeout = timeout };
    }

    /// <summary>A path relative to the step's target: the browser goes nowhere the plan did not name.</summary>
    private static string? ReadPath(SourceNode node, string path, TemplateScope scope, ProblemList problems)
    {
        if (Values.Text(node, path, problems) is not { } text)
        {
            return null;
        }

        if (!text.StartsWith('/') || text.StartsWith("//", StringComparison.Ordinal))
        {
            problems.Add(path, node, $"must be a path starting with '/' (relative to the step's target), found '{SourceScalar.Shorten(text)}'");
            return null;
        }

        if (!scope.Check(text, path, node, problems))
        {
            return null;
        }

        if (Template.Parse(text).Parts.Any(p => p.Kind == TemplatePartKind.Literal && p.Name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            problems.Add(path, node, "must not contain spaces or control characters (encode them, e.g. %20)");
            return null;
        }

        return text;
    }

    public static BrowserLoadState? ReadLoadState(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Text(node, path, problems) is not { } text)
        {
            return null;
        }

        switch (text)
        {
            case "load":
                return BrowserLoadState.Load;
            case "domcontentloaded":
                return BrowserLoadState.DomContentLoaded;
            case "networkidle":
                return BrowserLoadState.NetworkIdle;
            case "commit":
                return BrowserLoadState.Commit;
            default:
                problems.Add(path, node, $"unknown load state '{SourceScalar.Shorten(text)}'{ClosestName.Hint(text, LoadStates)} (known: {string.Join(", ", LoadStates)})");
                return null;
        }
    }

    /// <summary>
    /// <c>action: SELECTOR</c> when the action needs nothing else, or <c>{selector: S, ...fields, timeout}</c>; every
    /// field in <paramref name="required"/> is text that may hold templates.
    /// </summary>
    private static BrowserAction? ReadElementAction(
        SourceNode node,
        string path,
        IReadOnlyList<string> required,
        TemplateScope scope,
        ProblemList problems,
        Func<string, IReadOnlyDictionary<string, string>, BrowserAction> create)
    {
        if (node is not SourceMapping mapping)
        {
            if (required.Count > 0)
            {
                Values.Expected(node, path, $"a mapping with selector and {string.Join(", ", required)}", problems);
                return null;
            }

            return ReadSelector(node, path, scope, problems) is { } shorthand ? create(shorthand, new Dictionary<string, string>()) : null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, ["selector", .. required, "timeout"], problems);
        var selector = fields.Required("selector", problems) is { } selectorNode ? ReadSelector(selectorNode, fields.PathOf("selector"), scope, problems) : null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in required)
        {
            if (fields.Required(name, problems) is { } valueNode && Values.Text(valueNode, fields.PathOf(name), problems) is { } text
                && scope.Check(text, fields.PathOf(name), valueNode, problems))
            {
                values[name] = text;
            }
        }

        var timeout = ReadTimeout(fields, problems, out _);
        return problems.Count > before || selector is null ? null : create(selector, values) with { Timeout = timeout };
    }

    private static BrowserPress? ReadPress(SourceNode node, string path, TemplateScope scope, ProblemList problems)
    {
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, ["selector", "key", "timeout"], problems);
        var selector = fields.Required("selector", problems) is { } selectorNode ? ReadSelector(selectorNode, fields.PathOf("selector"), scope, problems) : null;
        string? key = null;
        if (fields.Required("key", problems) is { } keyNode && Values.Text(keyNode, fields.PathOf("key"), problems) is { } text)
        {
            if (BrowserKeys.Problem(text) is { } problem)
            {
                problems.Add(fields.PathOf("key"), keyNode, problem);
            }
            else
            {
                key = text;
            }
        }

        var timeout = ReadTimeout(fields, problems, out _);
        return problems.Count > before || selector is null || key is null ? null : new BrowserPress(selector, key) { Timeout = timeout };
    }

    public static string? ReadSelector(SourceNode node, string path, TemplateScope scope, ProblemList problems)
    {
        if (Values.Text(node, path, problems) is not { } text)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsControl))
        {
            problems.Add(path, node, "must be a selector such as '#email', 'button.buy' or 'text=Checkout' (not empty, no control characters)");
            return null;
        }

        return scope.Check(text, path, node, problems) ? text : null;
    }

    /// <summary>The action's own timeout, or null for the step's; <paramref name="valid"/> is false when it is wrong.</summary>
    public static TimeSpan? ReadTimeout(KnownFields fields, ProblemList problems, out bool valid)
    {
        valid = true;
        if (fields.Value("timeout") is not { } node)
        {
            return null;
        }

        var timeout = Values.Duration(node, fields.PathOf("timeout"), allowZero: false, RequestReader.MaxTimeout, problems);
        valid = timeout is not null;
        return timeout;
    }
}

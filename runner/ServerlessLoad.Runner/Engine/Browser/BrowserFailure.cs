namespace ServerlessLoad.Runner.Engine.Browser;

/// <summary>Failure categories of browser steps, beside the HTTP ones of <see cref="FailureClassifier"/>.</summary>
internal static class BrowserFailures
{
    /// <summary>The page did not load: a network error, a document status of 400 or more, or an aborted navigation.</summary>
    public const string Navigation = "navigation";

    /// <summary>An action's selector matched no element in time, is malformed, or matched one the action cannot use.</summary>
    public const string Selector = "selector";

    /// <summary>A wait ran out of time: for a load state, a URL, an element's state, or an element to become actionable.</summary>
    public const string Timeout = FailureClassifier.Timeout;

    /// <summary>An expect did not hold within its timeout.</summary>
    public const string Expectation = "expectation";

    /// <summary>A capture found nothing to store; as for http steps the iteration ends there.</summary>
    public const string Capture = FailureClassifier.Capture;

    public const string Error = FailureClassifier.Error;

    public static readonly IReadOnlyList<string> All = [Navigation, Selector, Timeout, Expectation, Capture, Error];

    private const int MaxSample = 160;

    /// <summary>
    /// The category of an exception an action threw. Playwright says what went wrong in its messages: network errors
    /// as net::ERR_..., selectors it could not parse or that matched several elements for an action needing one, and
    /// its own timeouts (actions whose element never appeared are told apart by <see cref="BrowserActionRunner"/>).
    /// </summary>
    public static string Categorize(Exception exception, bool navigating, bool expecting)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is BrowserStepException known)
        {
            return known.Category;
        }

        var message = exception.Message;
        if (message.Contains("net::ERR_", StringComparison.Ordinal) || message.Contains("NS_ERROR_", StringComparison.Ordinal))
        {
            return Navigation;
        }

        if (exception is System.TimeoutException)
        {
            return navigating ? Navigation : expecting ? Expectation : Timeout;
        }

        if (expecting)
        {
            return Expectation;
        }

        if (IsSelectorProblem(message))
        {
            return Selector;
        }

        return navigating ? Navigation : Error;
    }

    /// <summary>A short sample: category, step, action, and the first line of what went wrong.</summary>
    public static string Sample(string category, string step, string action, string message)
    {
        var line = message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        var text = $"{category} {step}: {action}: {line}";
        return text.Length <= MaxSample ? text : string.Concat(text.AsSpan(0, MaxSample - 3), "...");
    }

    private static bool IsSelectorProblem(string message) =>
        message.Contains("strict mode violation", StringComparison.OrdinalIgnoreCase)
        || message.Contains("not a valid selector", StringComparison.OrdinalIgnoreCase)
        || message.Contains("while parsing selector", StringComparison.OrdinalIgnoreCase)
        || message.Contains("Unexpected token", StringComparison.Ordinal)
        || message.Contains("Unknown engine", StringComparison.Ordinal)
        || message.Contains("Element is not an <", StringComparison.Ordinal)
        || message.Contains("Element is not a <", StringComparison.Ordinal)
        || message.Contains("did not find some options", StringComparison.Ordinal);
}

/// <summary>A browser action's failure whose category the runner decided itself (a status of 400 or more, a selector matching nothing).</summary>
internal sealed class BrowserStepException(string category, string message) : Exception(message)
{
    public string Category { get; } = category;
}

namespace ServerlessLoad.Core.Plans;

/// <summary>
/// A user journey through pages in a real browser: its actions run in order in the VU's browser page, and the step is
/// measured as one result keyed by <see cref="Name"/> (kind <c>browser</c>): its duration, and the Web Vitals of the
/// pages it loaded and of the interactions it made (<see cref="BrowserVitals"/>). Think actions are not measured.
/// Selectors, paths and values may hold templates, as the strings of http steps do.
/// </summary>
public sealed record BrowserStep : Step
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public required string Name { get; init; }

    /// <summary>Name of an entry of <see cref="Plan.Targets"/>: goto paths are relative to it.</summary>
    public required string Target { get; init; }

    /// <summary>How long one action may take (a navigation, waiting for an element, an expect) unless it says otherwise.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public required IReadOnlyList<BrowserAction> Actions { get; init; }
}

/// <summary>One action of a browser step; <see cref="Timeout"/> overrides the step's for this action only.</summary>
public abstract record BrowserAction
{
    public TimeSpan? Timeout { get; init; }
}

/// <summary>Loads <see cref="Path"/> (relative to the step's target) and waits for <see cref="WaitUntil"/>.</summary>
public sealed record BrowserGoto(string Path, BrowserLoadState WaitUntil) : BrowserAction;

/// <summary>Clicks the element <see cref="Selector"/> matches (waiting for it to be there, visible and enabled).</summary>
public sealed record BrowserClick(string Selector) : BrowserAction;

/// <summary>Replaces the text of an input, textarea or editable element.</summary>
public sealed record BrowserFill(string Selector, string Value) : BrowserAction;

/// <summary>Presses a key (or a combination such as <c>Control+A</c>) in the element.</summary>
public sealed record BrowserPress(string Selector, string Key) : BrowserAction;

/// <summary>Selects the option of a select element whose value or label is <see cref="Value"/>.</summary>
public sealed record BrowserSelect(string Selector, string Value) : BrowserAction;

/// <summary>Waits until an element reaches a state, the page reaches a load state, or the URL contains a text.</summary>
/// <param name="Subject">The selector, the load state's name, or the text the URL must contain.</param>
/// <param name="State">The element state for <see cref="BrowserWaitKind.Selector"/>.</param>
public sealed record BrowserWaitFor(BrowserWaitKind Kind, string Subject, BrowserElementState State = BrowserElementState.Visible) : BrowserAction;

/// <summary>A condition on the page that must hold within the action's timeout; it fails the step as an expectation.</summary>
/// <param name="Selector">The element of <see cref="BrowserExpectKind.Visible"/> and <see cref="BrowserExpectKind.Text"/>.</param>
/// <param name="Expected">The text expected (title, URL, element text); null for <see cref="BrowserExpectKind.Visible"/>.</param>
/// <param name="Exact">True to compare the whole text (after trimming), false to look for it inside.</param>
public sealed record BrowserExpect(BrowserExpectKind Kind, string? Selector, string? Expected, bool Exact) : BrowserAction;

/// <summary>A pause inside the step, not counted in its duration.</summary>
public sealed record BrowserThink(ThinkTime Think) : BrowserAction;

/// <summary>
/// Stores a value from the page in a VU variable for later actions and steps: an element's text (an input's value), one
/// of its attributes, the page's URL or title; with <see cref="Pattern"/>, the pattern's first group (or whole match).
/// </summary>
public sealed record BrowserCapture(string Variable, BrowserCaptureSource Source, string? Selector, string? Attribute, string? Pattern) : BrowserAction;

public enum BrowserLoadState
{
    Load,
    DomContentLoaded,
    NetworkIdle,
    Commit,
}

public enum BrowserWaitKind
{
    Selector,
    LoadState,
    Url,
}

public enum BrowserElementState
{
    Visible,
    Hidden,
    Attached,
    Detached,
}

public enum BrowserExpectKind
{
    Visible,
    Text,
    Title,
    Url,
}

public enum BrowserCaptureSource
{
    Element,
    Url,
    Title,
}

/// <summary>
/// The page measures each browser step records besides its duration, named as thresholds and reports name them
/// (<c>browser.lcp</c>). Time measures are stored in microseconds like latencies; CLS, a unitless score, is stored
/// multiplied by <see cref="ClsScale"/> in the same histograms, which keeps it to 4 decimals.
/// </summary>
public static class BrowserVitals
{
    /// <summary>Time to first byte of the page's document, from the start of its navigation.</summary>
    public const string Ttfb = "ttfb";

    /// <summary>First contentful paint.</summary>
    public const string Fcp = "fcp";

    /// <summary>Largest contentful paint: the last candidate before the first interaction.</summary>
    public const string Lcp = "lcp";

    /// <summary>Cumulative layout shift: the largest session window of shifts not caused by input.</summary>
    public const string Cls = "cls";

    /// <summary>Interaction to next paint: the longest interaction of a step that clicked or pressed a key.</summary>
    public const string Inp = "inp";

    public const long ClsScale = 10_000;

    public static readonly IReadOnlyList<string> All = [Ttfb, Fcp, Lcp, Cls, Inp];

    /// <summary>Whether the measure is a time (microseconds) rather than a score.</summary>
    public static bool IsTime(string vital) => vital != Cls;
}

/// <summary>What browser steps mean for the load a slice carries.</summary>
public static class BrowserScenarios
{
    public static bool HasBrowserSteps(this Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Steps.Any(s => s is BrowserStep);
    }

    public static bool HasBrowserSteps(this Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Scenarios.Any(HasBrowserSteps);
    }

    /// <summary>
    /// The most browser VUs slice <paramref name="index"/> of <paramref name="count"/> may run: its exact share of every
    /// browser scenario's VUs at their peak (a ramp's highest point, an arrival-rate scenario's maxVUs), added up.
    /// </summary>
    public static int SlicePeakVus(Plan plan, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Scenarios.Where(HasBrowserSteps).Sum(s => SlicePeakVus(s, index, count));
    }

    public static int SlicePeakVus(Scenario scenario, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Executor switch
        {
            Executors.RampingVus => Slicing.VuSchedule.SlicePeak(scenario, index, count),
            Executors.ConstantArrivalRate or Executors.RampingArrivalRate => Slicing.ScenarioShare.MaxVus(scenario, index, count),
            _ => Slicing.ScenarioShare.Vus(scenario, index, count),
        };
    }
}

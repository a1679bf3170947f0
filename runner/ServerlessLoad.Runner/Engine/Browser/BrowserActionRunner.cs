using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine.Steps;

namespace ServerlessLoad.Runner.Engine.Browser;

/// <summary>
/// One action of a browser step compiled for its scenario (templates parsed, patterns built) and run in a page. Element
/// actions act on the first element the selector matches; a failure throws, and <see cref="BrowserFailures"/> names its
/// category.
/// </summary>
internal sealed class BrowserActionRunner
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Uri target;
    private readonly CompiledTemplate? subject;
    private readonly CompiledTemplate? value;
    private readonly Regex? pattern;

    public BrowserActionRunner(BrowserAction action, Uri target, TimeSpan stepTimeout, IReadOnlyList<DataSource> data, string where)
    {
        ArgumentNullException.ThrowIfNull(action);
        Action = action;
        this.target = target;
        Timeout = (float)(action.Timeout ?? stepTimeout).TotalMilliseconds;
        (subject, value) = action switch
        {
            BrowserGoto go => (CompiledTemplate.Compile(go.Path, data, $"{where}, goto", TemplateEscaping.Query), null),
            BrowserClick click => (Compile(click.Selector), null),
            BrowserFill fill => (Compile(fill.Selector), Compile(fill.Value)),
            BrowserSelect select => (Compile(select.Selector), Compile(select.Value)),
            BrowserPress press => (Compile(press.Selector), null),
            BrowserWaitFor { Kind: not BrowserWaitKind.LoadState } wait => (Compile(wait.Subject), null),
            BrowserExpect expect => (expect.Selector is { } selector ? Compile(selector) : null, expect.Expected is { } text ? Compile(text) : null),
            BrowserCapture { Selector: { } selector } => (Compile(selector), null),
            _ => ((CompiledTemplate?)null, (CompiledTemplate?)null),
        };
        if (action is BrowserCapture { Pattern: { } capturePattern })
        {
            pattern = new Regex(capturePattern, RegexOptions.CultureInvariant, MatchTimeout);
        }

        Description = action switch
        {
            BrowserGoto go => $"goto {go.Path}",
            BrowserClick click => $"click {click.Selector}",
            BrowserFill fill => $"fill {fill.Selector}",
            BrowserSelect select => $"select {select.Selector}",
            BrowserPress press => $"press {press.Key} in {press.Selector}",
            BrowserWaitFor wait => $"waitFor {wait.Kind.ToString().ToLowerInvariant()} {wait.Subject}",
            BrowserExpect expect => $"expect {expect.Kind.ToString().ToLowerInvariant()} {expect.Selector ?? expect.Expected}",
            BrowserCapture capture => $"capture {capture.Variable}",
            _ => "think",
        };

        CompiledTemplate Compile(string text) => CompiledTemplate.Compile(text, data, where);
    }

    public BrowserAction Action { get; }

    /// <summary>Milliseconds, as Playwright takes them.</summary>
    public float Timeout { get; }

    /// <summary>For failure samples: <c>click #buy</c>.</summary>
    public string Description { get; }

    public bool Navigates => Action is BrowserGoto;

    public bool Expects => Action is BrowserExpect;

    /// <summary>Performs the action for <paramref name="user"/> in <paramref name="page"/>; throws when it fails.</summary>
    public async Task RunAsync(IPage page, StepUser user)
    {
        switch (Action)
        {
            case BrowserGoto go:
                var url = PreparedRequest.Join(target, subject!.Render(user)).AbsoluteUri;
                var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = LoadStateOf(go.WaitUntil), Timeout = Timeout }).ConfigureAwait(false);
                if (response is { Status: >= 400 } failed)
                {
                    throw new BrowserStepException(BrowserFailures.Navigation, $"the page answered {failed.Status} {failed.StatusText}");
                }

                break;
            case BrowserClick:
                await OnElementAsync(page, user, s => page.ClickAsync(s, new PageClickOptions { Timeout = Timeout })).ConfigureAwait(false);
                break;
            case BrowserFill:
                await OnElementAsync(page, user, s => page.FillAsync(s, value!.Render(user), new PageFillOptions { Timeout = Timeout })).ConfigureAwait(false);
                break;
            case BrowserSelect:
                await OnElementAsync(page, user, s => page.SelectOptionAsync(s, value!.Render(user), new PageSelectOptionOptions { Timeout = Timeout })).ConfigureAwait(false);
                break;
            case BrowserPress press:
                await OnElementAsync(page, user, s => page.PressAsync(s, press.Key, new PagePressOptions { Timeout = Timeout })).ConfigureAwait(false);
                break;
            case BrowserWaitFor wait:
                await WaitAsync(page, user, wait).ConfigureAwait(false);
                break;
            case BrowserExpect expect:
                await ExpectAsync(page, user, expect).ConfigureAwait(false);
                break;
            case BrowserCapture capture:
                user.Variables[capture.Variable] = await CaptureAsync(page, user, capture).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// An action on an element: when it runs out of time, a selector that matches nothing is a selector failure (the page
    /// lacks the element), one that matches is a timeout (the element never became visible, stable and enabled).
    /// </summary>
    private async Task OnElementAsync(IPage page, StepUser user, Func<string, Task> act)
    {
        var selector = subject!.Render(user);
        try
        {
            await act(selector).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw await MatchesNothingAsync(page, selector).ConfigureAwait(false)
                ? new BrowserStepException(BrowserFailures.Selector, $"no element matches '{selector}' after {Seconds}")
                : new BrowserStepException(BrowserFailures.Timeout, e.Message);
        }
    }

    private async Task WaitAsync(IPage page, StepUser user, BrowserWaitFor wait)
    {
        switch (wait.Kind)
        {
            case BrowserWaitKind.Selector:
                await page.WaitForSelectorAsync(subject!.Render(user), new PageWaitForSelectorOptions { State = StateOf(wait.State), Timeout = Timeout }).ConfigureAwait(false);
                break;
            case BrowserWaitKind.LoadState:
                var state = Enum.Parse<BrowserLoadState>(wait.Subject, ignoreCase: true) switch
                {
                    BrowserLoadState.DomContentLoaded => LoadState.DOMContentLoaded,
                    BrowserLoadState.NetworkIdle => LoadState.NetworkIdle,
                    _ => LoadState.Load,
                };
                await page.WaitForLoadStateAsync(state, new PageWaitForLoadStateOptions { Timeout = Timeout }).ConfigureAwait(false);
                break;
            default:
                var part = subject!.Render(user);
                await page.WaitForURLAsync(url => url.Contains(part, StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = Timeout, WaitUntil = WaitUntilState.Commit }).ConfigureAwait(false);
                break;
        }
    }

    private async Task ExpectAsync(IPage page, StepUser user, BrowserExpect expect)
    {
        var text = value?.Render(user);
        switch (expect.Kind)
        {
            case BrowserExpectKind.Visible:
                await Assertions.Expect(page.Locator(subject!.Render(user)).First).ToBeVisibleAsync(new() { Timeout = Timeout }).ConfigureAwait(false);
                break;
            case BrowserExpectKind.Text when expect.Exact:
                await Assertions.Expect(page.Locator(subject!.Render(user)).First).ToHaveTextAsync(text!, new() { Timeout = Timeout }).ConfigureAwait(false);
                break;
            case BrowserExpectKind.Text:
                await Assertions.Expect(page.Locator(subject!.Render(user)).First).ToContainTextAsync(text!, new() { Timeout = Timeout }).ConfigureAwait(false);
                break;
            case BrowserExpectKind.Title:
                await Assertions.Expect(page).ToHaveTitleAsync(Match(text!, expect.Exact), new() { Timeout = Timeout }).ConfigureAwait(false);
                break;
            default:
                var url = expect.Exact && text!.StartsWith('/') ? PreparedRequest.Join(target, text).AbsoluteUri : text!;
                await Assertions.Expect(page).ToHaveURLAsync(Match(url, expect.Exact), new() { Timeout = Timeout }).ConfigureAwait(false);
                break;
        }
    }

    private async Task<string> CaptureAsync(IPage page, StepUser user, BrowserCapture capture)
    {
        string? read;
        switch (capture.Source)
        {
            case BrowserCaptureSource.Url:
                read = page.Url;
                break;
            case BrowserCaptureSource.Title:
                read = await page.TitleAsync().ConfigureAwait(false);
                break;
            default:
                var selector = subject!.Render(user);
                var element = page.Locator(selector).First;
                try
                {
                    read = capture.Attribute is { } attribute
                        ? await element.GetAttributeAsync(attribute, new() { Timeout = Timeout }).ConfigureAwait(false)
                        : await element.EvaluateAsync<string?>(
                            "e => (e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement || e instanceof HTMLSelectElement) ? e.value : (e.innerText ?? e.textContent)",
                            null,
                            new() { Timeout = Timeout }).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    throw new BrowserStepException(BrowserFailures.Selector, $"no element matches '{selector}' after {Seconds}");
                }

                break;
        }

        if (read is null)
        {
            throw new BrowserStepException(BrowserFailures.Capture, $"{Description}: the element has no attribute {capture.Attribute}");
        }

        read = read.Trim();
        if (pattern is null)
        {
            return read;
        }

        var match = pattern.Match(read);
        return match.Success
            ? match.Groups.Count > 1 ? match.Groups[1].Value : match.Value
            : throw new BrowserStepException(BrowserFailures.Capture, $"{Description}: '{pattern}' does not match '{Shorten(read)}'");
    }

    private static async Task<bool> MatchesNothingAsync(IPage page, string selector)
    {
        try
        {
            return await page.Locator(selector).CountAsync().ConfigureAwait(false) == 0;
        }
        catch (PlaywrightException)
        {
            return false;
        }
    }

    /// <summary>Playwright hands the pattern to the page's JavaScript, which takes no .NET-only options (CultureInvariant).</summary>
    private static Regex Match(string text, bool exact) =>
        new(exact ? $"^{Regex.Escape(text)}$" : Regex.Escape(text), RegexOptions.None, MatchTimeout);

    private string Seconds => DurationText.Format(TimeSpan.FromMilliseconds(Timeout));

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    private static WaitUntilState LoadStateOf(BrowserLoadState state) => state switch
    {
        BrowserLoadState.DomContentLoaded => WaitUntilState.DOMContentLoaded,
        BrowserLoadState.NetworkIdle => WaitUntilState.NetworkIdle,
        BrowserLoadState.Commit => WaitUntilState.Commit,
        _ => WaitUntilState.Load,
    };

    private static WaitForSelectorState StateOf(BrowserElementState state) => state switch
    {
        BrowserElementState.Hidden => WaitForSelectorState.Hidden,
        BrowserElementState.Attached => WaitForSelectorState.Attached,
        BrowserElementState.Detached => WaitForSelectorState.Detached,
        _ => WaitForSelectorState.Visible,
    };
}

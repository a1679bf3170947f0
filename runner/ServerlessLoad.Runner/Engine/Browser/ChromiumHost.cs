using Microsoft.Playwright;

namespace ServerlessLoad.Runner.Engine.Browser;

/// <summary>Which Chromium to drive and how: the system's (Playwright cannot download its own browsers here) with the flags that work on these machines.</summary>
public sealed record ChromiumOptions(string ExecutablePath, IReadOnlyList<string> Arguments)
{
    /// <summary>An environment variable naming another Chromium executable.</summary>
    public const string PathVariable = "SLOAD_CHROMIUM";

    public const string DefaultPath = "/usr/bin/chromium";

    public static readonly IReadOnlyList<string> DefaultArguments =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    public static ChromiumOptions FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : DefaultPath, DefaultArguments);

    /// <summary>Why browser steps cannot run here, or null.</summary>
    public string? Problem => File.Exists(ExecutablePath)
        ? null
        : $"browser steps need Chromium at {ExecutablePath}: install it (apt-get install chromium) or set {PathVariable} to its path";
}

/// <summary>
/// The one Chromium of this process, shared by every browser VU of every slice running here (each VU is a browser
/// context of it). Started when a slice with browser VUs begins (or by the first VU that needs it), closed when the
/// last slice with browser VUs ends (<see cref="BrowserSlices"/>), started again if a later slice needs it.
/// </summary>
internal sealed class ChromiumHost(ChromiumOptions options) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IPlaywright? playwright;
    private IBrowser? browser;
    private int? driver;

    public static ChromiumHost Shared { get; } = new(ChromiumOptions.FromEnvironment());

    public ChromiumOptions Options { get; } = options;

    /// <summary>Only for hosts made apart from <see cref="Shared"/>: the browser must be closed first.</summary>
    public void Dispose() => gate.Dispose();

    /// <summary>A new browser context (a browser VU), launching the browser first when it is not running.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions contextOptions)
    {
        IBrowserContext context;
        try
        {
            context = await (browser ?? await LaunchAsync().ConfigureAwait(false)).NewContextAsync(contextOptions).ConfigureAwait(false);
        }
        catch (PlaywrightException) when (browser is not { IsConnected: true })
        {
            // The browser closed between the check and the call (its last slice ended as this one began): once more.
            context = await (await LaunchAsync().ConfigureAwait(false)).NewContextAsync(contextOptions).ConfigureAwait(false);
        }

        BrowserSlices.ContextOpened();
        context.Close += static (_, _) => BrowserSlices.ContextClosed();
        return context;
    }

    /// <summary>
    /// Starts the browser ahead of the slice's first VU (a slice is entered before its start time), so launching it
    /// does not hold the first iterations back. A failure here is left for the first VU to meet again and report.
    /// </summary>
    public void WarmUp() =>
        _ = Task.Run(async () =>
        {
            try
            {
                await LaunchAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is PlaywrightException or InvalidOperationException)
            {
                // Reported by the first browser step, as the step's failure.
            }
        });

    /// <summary>Closes the browser unless a slice with browser VUs runs again; the next VU starts it anew.</summary>
    public async Task CloseWhenIdleAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (BrowserSlices.Active > 0 || playwright is null)
            {
                return;
            }

            var closing = browser;
            browser = null;
            BrowserSlices.Closed();
            if (closing is not null)
            {
                await closing.CloseAsync().ConfigureAwait(false);
            }

            playwright.Dispose();
            playwright = null;
            driver = null;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<IBrowser> LaunchAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (browser is { IsConnected: true } running)
            {
                return running;
            }

            if (Options.Problem is { } problem)
            {
                throw new InvalidOperationException(problem);
            }

            playwright ??= await Playwright.CreateAsync().ConfigureAwait(false);
            driver ??= BrowserProcesses.FindDriver();
            var launched = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Options.ExecutablePath,
                Headless = true,
                Args = Options.Arguments,
            }).ConfigureAwait(false);
            BrowserSlices.Launched(() => driver);
            browser = launched;
            return launched;
        }
        finally
        {
            gate.Release();
        }
    }
}

using Microsoft.Playwright;

namespace ServerlessLoad.Reports.Tests.Imaging;

/// <summary>
/// One Chromium for a whole test class: launching it costs more than the tests themselves. Playwright cannot download
/// browsers here, so it drives the system's Chromium, offline and without a sandbox (tests may run as root).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException($"Page tests need Chromium at {ExecutablePath}: ./sload test installs it (apt-get install chromium).", ExecutablePath);
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
    }
}

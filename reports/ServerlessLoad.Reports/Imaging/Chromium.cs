using Microsoft.Playwright;

namespace ServerlessLoad.Reports.Imaging;

/// <summary>
/// Launches the system's Chromium through Playwright. Playwright's own browser builds cannot be downloaded where this
/// runs, so it is always pointed at an installed executable, which also means it never tries to fetch one.
/// </summary>
public static class Chromium
{
    public const string DefaultExecutablePath = "/usr/bin/chromium";

    /// <summary>No sandbox (containers run as root), no GPU, and nothing that reaches out to the network by itself.</summary>
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string executablePath = DefaultExecutablePath)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        EnsureInstalled(executablePath);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    public static void EnsureInstalled(string executablePath)
    {
        if (!File.Exists(executablePath))
        {
            throw new FileNotFoundException(
                $"Chromium was not found at {executablePath}. It renders the PNG charts and browser steps: install it with 'apt-get install chromium' (Debian) or pass the path of an installed Chromium.",
                executablePath);
        }
    }
}

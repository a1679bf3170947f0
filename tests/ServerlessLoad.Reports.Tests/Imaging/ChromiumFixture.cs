using Microsoft.Playwright;
using ServerlessLoad.Reports.Imaging;

namespace ServerlessLoad.Reports.Tests.Imaging;

/// <summary>One Chromium for a whole test class: launching it costs more than the tests themselves.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(playwright);
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

/// <summary>One rasterizer (and so one Chromium) for a whole test class.</summary>
public sealed class RasterizerFixture : IAsyncLifetime
{
    public PngRasterizer Rasterizer { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Rasterizer.DisposeAsync();
}

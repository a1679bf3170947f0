using System.Text.RegularExpressions;
using Xunit;

namespace ServerlessLoad.Testing;

/// <summary>
/// What a user gets from the charts a report.md links: every link a PNG that exists, at the published size (the 1200 x
/// 600 layout drawn at 2x), with a picture on it and a title written in it.
/// </summary>
public static partial class PublishedCharts
{
    public const int Width = 2400;
    public const int Height = 1200;

    /// <summary>A chart's luminance varies far more than this; an empty or single-colour image does not.</summary>
    public const double MinimumLuminanceStdDev = 8;

    /// <summary>
    /// Near-black pixels of the bold title across the top of the image: thousands when the title is written, none
    /// when the font is missing (the plot's lines and gridlines are lighter than this, and markers are too thin).
    /// </summary>
    public const int MinimumTitleInk = 1500;

    /// <summary>The charts report.md links, in order (relative paths such as charts/throughput.png).</summary>
    public static IReadOnlyList<string> Links(string markdown) =>
        ImageLink().Matches(markdown).Select(m => m.Groups[1].Value).ToList();

    /// <summary>
    /// Asserts that report.md links at least <paramref name="atLeast"/> charts and that each is a chart PNG as users
    /// get it; <paramref name="read"/> returns a published file's bytes, or null when it does not exist.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AssertAllAsync(string markdown, Func<string, Task<byte[]?>> read, int atLeast = 5)
    {
        var links = Links(markdown);
        Assert.True(links.Count >= atLeast, $"report.md links {links.Count} charts, at least {atLeast} expected:\n{markdown}");
        foreach (var link in links)
        {
            Assert.EndsWith(".png", link, StringComparison.Ordinal);
            var data = await read(link).ConfigureAwait(false);
            Assert.True(data is not null, $"{link} is linked from report.md but was not published.");
            AssertChart(link, data!);
        }

        return links;
    }

    /// <summary><see cref="AssertAllAsync"/> for a report downloaded or written into <paramref name="directory"/>.</summary>
    public static async Task<IReadOnlyList<string>> AssertFolderAsync(string directory, int atLeast = 5)
    {
        var markdown = await File.ReadAllTextAsync(Path.Combine(directory, "report.md")).ConfigureAwait(false);
        return await AssertAllAsync(
            markdown,
            async link => File.Exists(Path.Combine(directory, link)) ? await File.ReadAllBytesAsync(Path.Combine(directory, link)).ConfigureAwait(false) : null,
            atLeast).ConfigureAwait(false);
    }

    public static void AssertChart(string name, byte[] data)
    {
        Assert.True(PngImage.IsPng(data), $"{name} is not a PNG.");
        Assert.Equal((Width, Height), PngImage.Size(data));
        var image = PngImage.Decode(data);
        var spread = image.LuminanceStdDev();
        Assert.True(spread > MinimumLuminanceStdDev, $"{name} is blank: luminance varies by {spread:0.0} only.");
        var ink = image.DarkPixels(0.15, 0, 0.85, 0.07);
        Assert.True(ink >= MinimumTitleInk, $"{name} has no title written in it ({ink} dark pixels where the title goes): is a font installed?");
    }

    [GeneratedRegex(@"!\[[^\]]*\]\(([^)]+)\)")]
    private static partial Regex ImageLink();
}

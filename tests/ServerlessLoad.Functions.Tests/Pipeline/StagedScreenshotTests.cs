using ServerlessLoad.Core.Messages;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Pipeline;

/// <summary>Files runners stage while a run goes (screenshots of failed browser steps) are published with its report.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StagedScreenshotTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly Pipeline pipeline = new(azurite);

    public Task InitializeAsync() => pipeline.Store.EnsureCreatedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_screenshot_a_runner_staged_is_published_beside_the_report_with_its_bytes_and_type()
    {
        var runId = await pipeline.ReportableRunAsync();
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3];
        await pipeline.Store.StageArtifactAsync(runId, "screenshots/slice-0-attempt-1-expectation-1.png", png, "image/png");

        await pipeline.Report.RunAsync(new ReportMessage(runId), default);

        var published = await pipeline.Store.GetArtifactAsync(runId, "screenshots/slice-0-attempt-1-expectation-1.png");
        published.ShouldNotBeNull();
        published.Data.ShouldBe(png);
        published.ContentType.ShouldBe("image/png");
        (await pipeline.Store.ListArtifactsAsync(runId)).Select(a => a.Name).ShouldContain("report.json");
    }
}

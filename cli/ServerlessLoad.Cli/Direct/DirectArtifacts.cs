using ServerlessLoad.Reports.Publishing;

namespace ServerlessLoad.Cli.Direct;

/// <summary>
/// Writes a report's artifacts to a directory, as the pipeline publishes them: the text artifacts, and every chart as
/// SVG and PNG (report.md links the PNGs).
/// </summary>
internal static class DirectArtifacts
{
    public static async Task<IReadOnlyList<string>> WriteAsync(string directory, ReportInputs inputs)
    {
        var artifacts = ReportArtifacts.Render(inputs, withPng: true);
        foreach (var artifact in artifacts)
        {
            var path = Path.Combine(directory, artifact.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, artifact.Data).ConfigureAwait(false);
        }

        return [.. artifacts.Select(a => a.Name).Where(n => !n.StartsWith(ReportArtifacts.ChartsFolder, StringComparison.Ordinal)), ReportArtifacts.ChartsFolder];
    }
}

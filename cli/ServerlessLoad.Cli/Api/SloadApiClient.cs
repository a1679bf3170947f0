using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ServerlessLoad.Cli.Api;

/// <summary>The CLI's view of the HTTP API.</summary>
internal sealed class SloadApiClient(string baseUrl, string? apiKey = null) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient http = ApiHttp.Create(baseUrl, apiKey);

    public string BaseUrl => baseUrl;

    public async Task<SubmitResult> SubmitAsync(string planText, CancellationToken ct, string? baselineRunId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/runs", UriKind.Relative))
        {
            Content = new StringContent(planText, Encoding.UTF8, "application/yaml"),
        };
        if (!string.IsNullOrWhiteSpace(baselineRunId))
        {
            request.Headers.Add("X-Sload-Baseline", baselineRunId);
        }

        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            using var doc = JsonDocument.Parse(body);
            return new SubmitResult(doc.RootElement.GetProperty("runId").GetString(), []);
        }

        return new SubmitResult(null, ProblemLines(body, response.StatusCode));
    }

    /// <summary>Re-renders a finished run's report from its stored rows; a problem message when that is not possible.</summary>
    public async Task<string?> RebuildReportAsync(string runId, CancellationToken ct)
    {
        using var response = await http.PostAsync(new Uri($"api/runs/{Uri.EscapeDataString(runId)}/report/rebuild", UriKind.Relative), null, ct).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? null
            : string.Join("; ", ProblemLines(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false), response.StatusCode));
    }

    public async Task<RunStatusView?> GetRunAsync(string runId, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri($"api/runs/{Uri.EscapeDataString(runId)}", UriKind.Relative), ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<RunStatusView>(Json, ct).ConfigureAwait(false);
    }

    public async Task<RunList> ListRunsAsync(int top, CancellationToken ct) =>
        await http.GetFromJsonAsync<RunList>(new Uri($"api/runs?top={top}", UriKind.Relative), Json, ct).ConfigureAwait(false)
        ?? new RunList([], 0, null);

    /// <summary>Downloads every artifact of a run into <paramref name="directory"/>; returns the files written.</summary>
    public async Task<IReadOnlyList<string>> DownloadArtifactsAsync(string runId, string directory, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri($"api/runs/{Uri.EscapeDataString(runId)}/artifacts", UriKind.Relative), ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException($"Run {runId} was not found.");
        }

        response.EnsureSuccessStatusCode();
        var list = await response.Content.ReadFromJsonAsync<ArtifactList>(Json, ct).ConfigureAwait(false);
        var written = new List<string>();
        foreach (var artifact in list?.Artifacts ?? [])
        {
            var target = Path.GetFullPath(Path.Combine(directory, artifact.Name));
            if (!target.StartsWith(Path.GetFullPath(directory), StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var bytes = await http.GetByteArrayAsync(new Uri(artifact.Url.TrimStart('/'), UriKind.Relative), ct).ConfigureAwait(false);
            await File.WriteAllBytesAsync(target, bytes, ct).ConfigureAwait(false);
            written.Add(target);
        }

        return written;
    }

    public void Dispose() => http.Dispose();

    private static IReadOnlyList<string> ProblemLines(string body, HttpStatusCode status)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return errors.EnumerateArray().Select(e =>
                {
                    var line = e.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number ? $"line {l.GetInt32()}: " : string.Empty;
                    return $"{line}{e.GetProperty("field").GetString()}: {e.GetProperty("message").GetString()}";
                }).ToList();
            }

            if (doc.RootElement.TryGetProperty("title", out var title))
            {
                return [$"{(int)status}: {title.GetString()}"];
            }
        }
        catch (JsonException)
        {
        }

        return [$"{(int)status}: {body}"];
    }
}

internal sealed record SubmitResult(string? RunId, IReadOnlyList<string> Problems);

internal sealed record SliceProgressView(int Done, int Total);

internal sealed record RunStatusView(
    string RunId,
    string Name,
    string Status,
    string Trigger,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? ReportedAt,
    double PlannedSeconds,
    SliceProgressView Slices,
    long Requests,
    long Failures,
    string? Error,
    string? Report,
    string? AbortReason = null);

internal sealed record RunList(IReadOnlyList<RunStatusView> Runs, int Total, string? Next);

internal sealed record ArtifactView(string Name, long Size, string? ContentType, string Url);

internal sealed record ArtifactList(string RunId, IReadOnlyList<ArtifactView> Artifacts, string Zip);

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ServerlessLoad.Cli.Api;

/// <summary>The CLI's view of /api/schedules.</summary>
internal sealed class ScheduleApiClient(string baseUrl, string? apiKey = null) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient http = ApiHttp.Create(baseUrl, apiKey);

    /// <summary>Adds (or with <paramref name="replace"/> replaces) a schedule; the stored schedule, or the problems.</summary>
    public async Task<(ScheduleView? Schedule, IReadOnlyList<string> Problems)> SaveAsync(ScheduleBody body, bool replace, CancellationToken ct)
    {
        using var response = replace
            ? await http.PutAsJsonAsync(new Uri($"api/schedules/{Uri.EscapeDataString(body.Name)}", UriKind.Relative), body, Json, ct).ConfigureAwait(false)
            : await http.PostAsJsonAsync(new Uri("api/schedules", UriKind.Relative), body, Json, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? (JsonSerializer.Deserialize<ScheduleView>(text, Json), [])
            : (null, Problems(text, response.StatusCode));
    }

    public async Task<IReadOnlyList<ScheduleView>> ListAsync(CancellationToken ct) =>
        (await http.GetFromJsonAsync<ScheduleList>(new Uri("api/schedules", UriKind.Relative), Json, ct).ConfigureAwait(false))?.Schedules ?? [];

    /// <summary>True when it was removed, false when there was no such schedule.</summary>
    public async Task<bool> RemoveAsync(string name, CancellationToken ct)
    {
        using var response = await http.DeleteAsync(new Uri($"api/schedules/{Uri.EscapeDataString(name)}", UriKind.Relative), ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }

    /// <summary>The run started, or the problems (a missing schedule among them).</summary>
    public async Task<(string? RunId, IReadOnlyList<string> Problems)> RunNowAsync(string name, CancellationToken ct)
    {
        using var response = await http.PostAsync(new Uri($"api/schedules/{Uri.EscapeDataString(name)}/run-now", UriKind.Relative), null, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            using var doc = JsonDocument.Parse(text);
            return (doc.RootElement.GetProperty("runId").GetString(), []);
        }

        return (null, Problems(text, response.StatusCode));
    }

    public void Dispose() => http.Dispose();

    private static IReadOnlyList<string> Problems(string body, HttpStatusCode status)
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
                var detail = doc.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? $" {d.GetString()}" : string.Empty;
                return [$"{(int)status}: {title.GetString()}.{detail}"];
            }
        }
        catch (JsonException)
        {
        }

        return [$"{(int)status}: {body}"];
    }
}

internal sealed record ScheduleBody(string Name, string Cron, string TimeZone, string? Plan, string? PlanName, bool Enabled);

internal sealed record ScheduleView(
    string Name,
    string Cron,
    string TimeZone,
    string? PlanName,
    string? Plan,
    bool Enabled,
    DateTimeOffset? NextOccurrence,
    DateTimeOffset? LastOccurrence,
    string? LastRunId,
    string? LastError);

internal sealed record ScheduleList(IReadOnlyList<ScheduleView> Schedules);

using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Api.Edge;

/// <summary>
/// Who may address the API, read from the "Sload" section like the pipeline's settings: the host names requests may
/// carry (loopback names always, the app's own name in Azure from WEBSITE_HOSTNAME, and Sload:AllowedHosts), and the
/// browser origins CORS lets read responses (none unless Sload:CorsOrigins names some).
/// </summary>
public sealed class ApiEdgeSettings
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "::1"];

    /// <summary>Comma-separated host names besides the loopback ones (a custom domain of the app).</summary>
    public string AllowedHosts { get; set; } = string.Empty;

    /// <summary>Comma-separated origins (https://dashboard.example.com) allowed to call the API from a browser.</summary>
    public string CorsOrigins { get; set; } = string.Empty;

    /// <summary>The app's own host name in Azure (the platform sets WEBSITE_HOSTNAME).</summary>
    public string? WebsiteHostName { get; set; }

    public IReadOnlyList<string> HostNames =>
    [
        .. LoopbackNames,
        .. Split(AllowedHosts).Select(h => h.Trim('[', ']')),
        .. string.IsNullOrWhiteSpace(WebsiteHostName) ? [] : new[] { WebsiteHostName.Trim() },
    ];

    public IReadOnlyList<string> Origins => Split(CorsOrigins);

    public static ApiEdgeSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new ApiEdgeSettings();
        configuration.GetSection(PipelineSettings.Section).Bind(settings);
        settings.WebsiteHostName ??= configuration["WEBSITE_HOSTNAME"];
        return settings;
    }

    /// <summary>Whether a Host header value (name and optional port) names this API.</summary>
    public bool AllowsHost(string? host)
    {
        if (string.IsNullOrWhiteSpace(host) || host.Length > 255)
        {
            return false;
        }

        var name = host.StartsWith('[') ? host[1..Math.Max(1, host.IndexOf(']', StringComparison.Ordinal))]
            : host.Count(c => c == ':') == 1 ? host[..host.IndexOf(':', StringComparison.Ordinal)]
            : host;
        return HostNames.Contains(name.TrimEnd('.'), StringComparer.OrdinalIgnoreCase);
    }

    private static string[] Split(string? list) =>
        (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

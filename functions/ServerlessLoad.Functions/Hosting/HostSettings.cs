using System.Globalization;
using System.Text.Json;

namespace ServerlessLoad.Functions.Hosting;

/// <summary>
/// The host.json settings the pipeline relies on, read the way the Functions host reads them: host.json beside the
/// app, overridden by <c>AzureFunctionsJobHost__extensions__queues__maxDequeueCount</c>-style settings. The local
/// host drives its triggers with them, and the poison functions quote the dequeue limit.
/// </summary>
public sealed record HostSettings
{
    public const string FileName = "host.json";
    private const string OverrideSection = "AzureFunctionsJobHost";

    /// <summary>Messages a host handles at once per queue (extensions.queues.batchSize).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Deliveries before a message moves to &lt;queue&gt;-poison (extensions.queues.maxDequeueCount).</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>How long a failed message stays invisible before its next try (extensions.queues.visibilityTimeout).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Longest wait between polls of an empty queue (extensions.queues.maxPollingInterval).</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>What every HTTP route starts with (extensions.http.routePrefix; "api" when unset).</summary>
    public string RoutePrefix { get; init; } = "api";

    /// <summary>host.json from <paramref name="directory"/> (the app's own folder by default), then the overrides.</summary>
    public static HostSettings Read(IConfiguration configuration, string? directory = null)
    {
        var path = Path.Combine(directory ?? AppContext.BaseDirectory, FileName);
        var settings = File.Exists(path) ? Parse(File.ReadAllText(path)) : new HostSettings();
        var queues = configuration.GetSection($"{OverrideSection}:extensions:queues");
        var http = configuration.GetSection($"{OverrideSection}:extensions:http");
        return settings with
        {
            BatchSize = Int(queues["batchSize"]) ?? settings.BatchSize,
            MaxDequeueCount = Int(queues["maxDequeueCount"]) ?? settings.MaxDequeueCount,
            RetryDelay = Duration(queues["visibilityTimeout"]) ?? settings.RetryDelay,
            MaxPollingInterval = Duration(queues["maxPollingInterval"]) ?? settings.MaxPollingInterval,
            RoutePrefix = http["routePrefix"] ?? settings.RoutePrefix,
        };
    }

    /// <summary>The settings a host.json text holds (defaults for what it leaves out).</summary>
    public static HostSettings Parse(string hostJson)
    {
        using var document = JsonDocument.Parse(hostJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var settings = new HostSettings();
        if (!document.RootElement.TryGetProperty("extensions", out var extensions))
        {
            return settings;
        }

        if (extensions.TryGetProperty("queues", out var queues))
        {
            settings = settings with
            {
                BatchSize = Int(Text(queues, "batchSize")) ?? settings.BatchSize,
                MaxDequeueCount = Int(Text(queues, "maxDequeueCount")) ?? settings.MaxDequeueCount,
                RetryDelay = Duration(Text(queues, "visibilityTimeout")) ?? settings.RetryDelay,
                MaxPollingInterval = Duration(Text(queues, "maxPollingInterval")) ?? settings.MaxPollingInterval,
            };
        }

        if (extensions.TryGetProperty("http", out var http) && Text(http, "routePrefix") is { } prefix)
        {
            settings = settings with { RoutePrefix = prefix };
        }

        return settings;
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    private static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static TimeSpan? Duration(string? text) =>
        TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : null;
}

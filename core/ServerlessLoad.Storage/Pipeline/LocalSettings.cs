using System.Text.Json;

namespace ServerlessLoad.Storage.Pipeline;

/// <summary>Reads the "Values" of a local.settings.json (Azure Functions' local settings shape) as configuration pairs.</summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";

    /// <summary>
    /// Values from local.settings.json in <paramref name="directory"/>, else from the sample beside it; "__" in keys
    /// becomes ":" as with environment variables.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Load(string? directory)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (directory is null)
        {
            return result;
        }

        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            path = Path.Combine(directory, SampleFileName);
        }

        if (!File.Exists(path))
        {
            return result;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in values.EnumerateObject())
            {
                result[property.Name.Replace("__", ":", StringComparison.Ordinal)] =
                    property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
        }

        return result;
    }
}

namespace ServerlessLoad.Cli.Api;

/// <summary>An HTTP client for the stack's API that sends its function key with every call (never in a URL).</summary>
internal static class ApiHttp
{
    public const string KeyHeader = "x-functions-key";

    public static HttpClient Create(string baseUrl, string? apiKey)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(apiKey))
        {
            http.DefaultRequestHeaders.Add(KeyHeader, apiKey);
        }

        return http;
    }
}

namespace ServerlessLoad.Cli.Stack;

/// <summary>Whether the functions host of a stack answers its health route.</summary>
internal static class StackHealth
{
    public static async Task<bool> IsHealthyAsync(string apiUrl, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await client.GetAsync(new Uri($"{apiUrl}/healthz"), ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}

using System.Diagnostics;
using System.Text.Json;

namespace ServerlessLoad.EndToEnd.Tests;

/// <summary>Reads the stack.json a test's `sload up` wrote; a safety net ends its PIDs if `sload down` did not.</summary>
internal static class StackPids
{
    public static string ApiUrl(string state)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(state, "stack.json")));
        return doc.RootElement.GetProperty("apiUrl").GetString()!;
    }

    /// <summary>A client for the stack's API that sends the key `sload up` generated.</summary>
    public static HttpClient Api(string state)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(state, "stack.json")));
        var http = new HttpClient { BaseAddress = new Uri(doc.RootElement.GetProperty("apiUrl").GetString()!) };
        http.DefaultRequestHeaders.Add("x-functions-key", doc.RootElement.GetProperty("apiKey").GetString());
        return http;
    }

    public static IReadOnlyList<int> Read(string state)
    {
        var path = Path.Combine(state, "stack.json");
        if (!File.Exists(path))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("pid").GetInt32()).ToList();
    }

    public static void KillLeftovers(string state)
    {
        foreach (var pid in Read(state))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}

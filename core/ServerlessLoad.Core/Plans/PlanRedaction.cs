namespace ServerlessLoad.Core.Plans;

/// <summary>
/// The plan as published beside a report: header values that carry credentials are replaced, so a report can be
/// shared without leaking tokens. Decided by header name (Authorization, Cookie, *token*, *secret*, *key*, *password*).
/// </summary>
public static class PlanRedaction
{
    public const string Mask = "***";

    private static readonly string[] SecretNameParts = ["authorization", "cookie", "token", "secret", "password", "apikey", "api-key", "x-api-key", "key"];

    public static Plan Redact(Plan plan) => plan with
    {
        Scenarios = plan.Scenarios
            .Select(s => s with { Requests = s.Requests.Select(r => r with { Headers = RedactHeaders(r.Headers) }).ToList() })
            .ToList(),
    };

    public static bool IsSecretHeader(string name) =>
        SecretNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));

    private static Dictionary<string, string> RedactHeaders(IReadOnlyDictionary<string, string> headers) =>
        headers.ToDictionary(h => h.Key, h => IsSecretHeader(h.Key) ? Mask : h.Value, StringComparer.OrdinalIgnoreCase);
}

namespace ServerlessLoad.Core.Plans;

/// <summary>
/// The plan as published beside a report: header values that carry credentials are replaced, so a report can be
/// shared without leaking tokens. Decided by header name (Authorization, Cookie, *token*, *secret*, *key*, *password*),
/// for requests, http steps and websocket steps alike; data columns with such names (a users file's passwords) too.
/// </summary>
public static class PlanRedaction
{
    public const string Mask = "***";

    private static readonly string[] SecretNameParts = ["authorization", "cookie", "token", "secret", "password", "apikey", "api-key", "x-api-key", "key"];

    public static Plan Redact(Plan plan) => plan with
    {
        Scenarios = plan.Scenarios
            .Select(s => s with
            {
                Requests = s.Requests.Select(RedactRequest).ToList(),
                Steps = s.Steps.Select(RedactStep).ToList(),
                Data = s.Data.Select(RedactData).ToList(),
            })
            .ToList(),
    };

    public static bool IsSecretHeader(string name) =>
        SecretNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));

    private static RequestSpec RedactRequest(RequestSpec request) => request with { Headers = RedactHeaders(request.Headers) };

    private static Step RedactStep(Step step) => step switch
    {
        HttpStep http => http with { Request = RedactRequest(http.Request) },
        WebSocketStep websocket => websocket with { Headers = RedactHeaders(websocket.Headers) },
        _ => step,
    };

    private static DataSource RedactData(DataSource source)
    {
        var secret = source.Columns.Select(IsSecretHeader).ToArray();
        return secret.Any(s => s)
            ? source with { Rows = source.Rows.Select(row => (IReadOnlyList<string>)row.Select((value, i) => secret[i] ? Mask : value).ToList()).ToList() }
            : source;
    }

    private static Dictionary<string, string> RedactHeaders(IReadOnlyDictionary<string, string> headers) =>
        headers.ToDictionary(h => h.Key, h => IsSecretHeader(h.Key) ? Mask : h.Value, StringComparer.OrdinalIgnoreCase);
}

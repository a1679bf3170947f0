namespace ServerlessLoad.Core.Plans;

/// <summary>What a redaction masked: where, in the plan's field notation.</summary>
public sealed record RedactedPlan(Plan Plan, IReadOnlyList<string> Masked);

/// <summary>
/// The plan as stored or shown: literal credentials masked, references (<c>{{secrets.NAME}}</c>, captured variables,
/// data columns) kept. Credential-like header values, query parameters, form fields and JSON fields (by name, see
/// <see cref="CredentialText"/>) are masked in requests, http steps and websocket steps; a default request name that
/// spelled out a masked query value is renamed, and the thresholds naming it follow. For display, data columns with
/// such names are masked too (stored plans keep them: the runner sends them, and they are test data).
/// </summary>
public static class PlanRedaction
{
    public const string Mask = CredentialText.Mask;

    /// <summary>What is stored of an accepted plan: the plan without literal credentials, and what was masked.</summary>
    public static RedactedPlan ForStorage(Plan plan) => Redact(plan, maskData: false);

    /// <summary>What is shown of a plan (plan.yaml, GET of a stored plan or schedule): also without credential-named data columns.</summary>
    public static RedactedPlan ForDisplay(Plan plan) => Redact(plan, maskData: true);

    /// <summary>The plan as published beside a report.</summary>
    public static Plan Redact(Plan plan) => ForDisplay(plan).Plan;

    public static bool IsSecretHeader(string name) => CredentialText.IsCredentialName(name);

    private static RedactedPlan Redact(Plan plan, bool maskData)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var masked = new List<string>();
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var scenarios = plan.Scenarios.Select((s, i) =>
        {
            var at = $"scenarios[{i}]";
            return s with
            {
                Requests = [.. s.Requests.Select((r, j) => RedactRequest(r, $"{at}.requests[{j}]", masked, renamed))],
                Steps = [.. s.Steps.Select((step, j) => RedactStep(step, $"{at}.steps[{j}]", masked, renamed))],
                Data = maskData ? [.. s.Data.Select(d => RedactData(d, $"{at}.data.{d.Name}", masked))] : s.Data,
            };
        }).ToList();
        var thresholds = plan.Thresholds.Select(t => Rename(t, renamed)).ToList();
        return new RedactedPlan(
            plan with
            {
                Scenarios = scenarios,
                Thresholds = thresholds,
                AbortOnFail = [.. plan.AbortOnFail.Select(a => a with { Threshold = Rename(a.Threshold, renamed) })],
            },
            masked);
    }

    private static RequestSpec RedactRequest(RequestSpec request, string at, List<string> masked, Dictionary<string, string> renamed)
    {
        var headers = RedactHeaders(request.Headers, $"{at}.headers", masked);
        var path = CredentialText.RedactPathQuery(request.Path);
        if (path is not null)
        {
            masked.Add($"{at}.path");
        }

        var body = request.Body is { } text ? RedactBody(text, request.ContentType) : null;
        if (body is not null)
        {
            masked.Add($"{at}.body");
        }

        var name = request.Name;
        if (path is not null && request.Name == $"{request.Method} {request.Path}")
        {
            name = $"{request.Method} {path}";
            renamed[request.Name] = name;
        }

        return request with { Name = name, Headers = headers, Path = path ?? request.Path, Body = body ?? request.Body };
    }

    private static Step RedactStep(Step step, string at, List<string> masked, Dictionary<string, string> renamed) => step switch
    {
        HttpStep http => http with { Request = RedactRequest(http.Request, $"{at}.http", masked, renamed) },
        WebSocketStep ws => RedactWebSocket(ws, $"{at}.websocket", masked),
        _ => step,
    };

    private static WebSocketStep RedactWebSocket(WebSocketStep step, string at, List<string> masked)
    {
        var path = CredentialText.RedactPathQuery(step.Path);
        if (path is not null)
        {
            masked.Add($"{at}.path");
        }

        var actions = step.Actions.Select((action, i) =>
        {
            if (action is WebSocketSend send && CredentialText.RedactJson(send.Text) is { } redacted)
            {
                masked.Add($"{at}.actions[{i}].send");
                return new WebSocketSend(redacted);
            }

            return action;
        }).ToList();
        return step with { Path = path ?? step.Path, Headers = RedactHeaders(step.Headers, $"{at}.headers", masked), Actions = actions };
    }

    private static string? RedactBody(string body, string? contentType) =>
        contentType is null ? CredentialText.RedactJson(body)
        : contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? CredentialText.RedactJson(body)
        : contentType.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ? CredentialText.RedactPairs(body)
        : null;

    private static Dictionary<string, string> RedactHeaders(IReadOnlyDictionary<string, string> headers, string at, List<string> masked)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            var kept = CredentialText.IsCredentialName(name) ? CredentialText.Redact(value) : value;
            if (!ReferenceEquals(kept, value) && kept != value)
            {
                masked.Add($"{at}.{name}");
            }

            result[name] = kept;
        }

        return result;
    }

    private static DataSource RedactData(DataSource source, string at, List<string> masked)
    {
        var secret = source.Columns.Select(CredentialText.IsCredentialName).ToArray();
        if (!secret.Any(s => s))
        {
            return source;
        }

        masked.AddRange(source.Columns.Where(CredentialText.IsCredentialName).Select(c => $"{at}.{c}"));
        return source with { Rows = [.. source.Rows.Select(row => (IReadOnlyList<string>)[.. row.Select((value, i) => secret[i] ? Mask : value)])] };
    }

    private static string Rename(string threshold, Dictionary<string, string> renamed)
    {
        foreach (var (from, to) in renamed)
        {
            threshold = threshold.Replace($"{{request:{from}}}", $"{{request:{to}}}", StringComparison.Ordinal);
        }

        return threshold;
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Secrets;

/// <summary>A plan references secrets this process does not hold: the slice cannot run. The message names them, never a value.</summary>
public sealed class MissingSecretsException(IReadOnlyList<string> names)
    : Exception($"the plan references secret(s) {string.Join(", ", names)}, which this runner's settings do not hold (set Sload__Secrets__{names[0]}, or a Key Vault reference in Azure)")
{
    public IReadOnlyList<string> Names { get; } = names;
}

/// <summary>
/// Fills in a plan's <c>{{secrets.NAME}}</c> from the runner's own settings (Sload:Secrets:NAME), in memory, just
/// before the load runs; the resolved plan is never stored, and the stored plan keeps the references. Steps get the
/// values as a data source named "secrets" with one row, so the engine escapes them like any data value (percent-encoded
/// in queries and forms, JSON-escaped in JSON bodies); <c>requests:</c> entries, which have no templates, get them
/// written in with the same escaping. <see cref="SecretScrubber.For"/> reads the values back from that data source.
/// </summary>
public static class PlanSecrets
{
    public static Plan Resolve(Plan plan, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(settings);
        var names = SecretReferences.In(plan);
        if (names.Count == 0)
        {
            return plan;
        }

        var byName = new Dictionary<string, string>(settings, StringComparer.OrdinalIgnoreCase);
        var missing = names.Where(n => !byName.TryGetValue(n, out var v) || string.IsNullOrEmpty(v)).ToList();
        if (missing.Count > 0)
        {
            throw new MissingSecretsException(missing);
        }

        var values = names.ToDictionary(n => n, n => byName[n], StringComparer.Ordinal);
        if (values.FirstOrDefault(v => v.Value.Any(c => c is '\r' or '\n' or '\0')).Key is { } broken)
        {
            throw new InvalidOperationException($"secret {broken} holds a line break or NUL, which no request may carry");
        }

        var source = new DataSource { Name = SecretReferences.Source, Columns = [.. names], Rows = [[.. names.Select(n => values[n])]] };
        return plan with
        {
            Scenarios = [.. plan.Scenarios.Select(s => s with
            {
                Requests = [.. s.Requests.Select(r => Fill(r, values))],
                Data = [.. s.Data, source],
            })],
        };
    }

    private static RequestSpec Fill(RequestSpec request, Dictionary<string, string> values) => request with
    {
        Path = SecretReferences.Replace(request.Path, n => Uri.EscapeDataString(values[n])),
        Headers = request.Headers.ToDictionary(h => h.Key, h => SecretReferences.Replace(h.Value, n => values[n]), StringComparer.OrdinalIgnoreCase),
        Body = request.Body is null ? null : SecretReferences.Replace(request.Body, n => Escape(values[n], request.ContentType)),
    };

    private static string Escape(string value, string? contentType) =>
        contentType is null || contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
            ? JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString()
            : contentType.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ? Uri.EscapeDataString(value)
            : value;
}

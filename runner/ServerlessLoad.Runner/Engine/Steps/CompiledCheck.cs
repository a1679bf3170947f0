using System.Globalization;
using System.Text.Json;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>A check of an http step, its JSON path parsed once; evaluated on every response of the step.</summary>
internal sealed class CompiledCheck
{
    private const int MaxShown = 80;

    private readonly Check check;
    private readonly JsonPathExpression? path;
    private readonly JsonElement expectedJson;

    public CompiledCheck(Check check, string where)
    {
        ArgumentNullException.ThrowIfNull(check);
        this.check = check;
        if (check.Kind is CheckKind.JsonPathEquals or CheckKind.JsonPathExists)
        {
            if (!JsonPathExpression.TryParse(check.Subject ?? string.Empty, out var parsed, out var error))
            {
                throw new ArgumentException($"{where}, check '{check.Description}': {error}");
            }

            path = parsed;
        }

        if (check.Kind == CheckKind.JsonPathEquals)
        {
            expectedJson = ExpectedValue(check.Expected);
        }
    }

    public string Description => check.Description;

    /// <summary>Whether the check reads the body (the step then keeps up to <see cref="StepResponse.MaxBody"/> of it).</summary>
    public bool NeedsBody => check.Kind is CheckKind.BodyContains or CheckKind.JsonPathEquals or CheckKind.JsonPathExists;

    /// <summary>Null when the check holds; otherwise what was found instead, e.g. "got 503".</summary>
    public string? Evaluate(StepResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        switch (check.Kind)
        {
            case CheckKind.Status:
                return check.Statuses.Any(s => s.Contains(response.Status)) ? null : $"got {response.Status}";
            case CheckKind.Header:
                var header = response.Header(check.Subject ?? string.Empty);
                if (header is null)
                {
                    return "header absent";
                }

                return check.Expected is null || string.Equals(header, check.Expected, StringComparison.Ordinal) ? null : $"got {Shown(header)}";
            case CheckKind.HeaderContains:
                var value = response.Header(check.Subject ?? string.Empty);
                if (value is null)
                {
                    return "header absent";
                }

                return value.Contains(check.Expected ?? string.Empty, StringComparison.Ordinal) ? null : $"got {Shown(value)}";
            case CheckKind.BodyContains:
                return response.BodyText.Contains(check.Expected ?? string.Empty, StringComparison.Ordinal) ? null : "not found in the body";
            case CheckKind.JsonPathExists:
                return Find(response, out _) is { } missing ? missing : null;
            case CheckKind.JsonPathEquals:
                if (Find(response, out var found) is { } absent)
                {
                    return absent;
                }

                return JsonElement.DeepEquals(found, expectedJson) ? null : $"got {Truncated(found.GetRawText())}";
            case CheckKind.LatencyUnder:
                return response.LatencyMicros < check.Bound.Ticks / TimeSpan.TicksPerMicrosecond
                    ? null
                    : $"got {(response.LatencyMicros / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)}ms";
            default:
                return $"unknown check kind {check.Kind}";
        }
    }

    private string? Find(StepResponse response, out JsonElement value)
    {
        value = default;
        if (response.Json() is not { } root)
        {
            return "the body is not JSON";
        }

        return path!.TryEvaluate(root, out value) ? null : $"{path.Text} not found";
    }

    /// <summary>
    /// The plan reader stores the expected value as JSON text (so 42 and "42" differ); text that is not JSON (a plan
    /// built in code) is taken as a string.
    /// </summary>
    private static JsonElement ExpectedValue(string? expected)
    {
        try
        {
            return JsonPathExpression.ParseValue(expected ?? "null");
        }
        catch (JsonException)
        {
            return JsonPathExpression.ParseValue(JsonSerializer.Serialize(expected));
        }
    }

    private static string Shown(string text) => $"'{Truncated(text)}'";

    private static string Truncated(string text) => text.Length <= MaxShown ? text : $"{text[..MaxShown]}...";
}

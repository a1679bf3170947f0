using System.Globalization;
using System.Text.Json;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>A check of an http step, its JSON path parsed once; evaluated on every response of the step.</summary>
internal sealed class CompiledCheck
{
    private const int MaxShown = 80;

    private readonly Check check;
    private readonly StepJsonPath? path;

    public CompiledCheck(Check check, string where)
    {
        ArgumentNullException.ThrowIfNull(check);
        this.check = check;
        if (check.Kind is CheckKind.JsonPathEquals or CheckKind.JsonPathExists)
        {
            path = StepJsonPath.Parse(check.Subject ?? string.Empty, $"{where}, check '{check.Description}'");
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
            case CheckKind.BodyContains:
                return response.BodyText.Contains(check.Expected ?? string.Empty, StringComparison.Ordinal) ? null : "not found in the body";
            case CheckKind.JsonPathExists:
                return Find(response, out _) is { } missing ? missing : null;
            case CheckKind.JsonPathEquals:
                if (Find(response, out var value) is { } absent)
                {
                    return absent;
                }

                return JsonEquals(value, check.Expected) ? null : $"got {Shown(ValueText(value))}";
            case CheckKind.LatencyUnder:
                return response.LatencyMicros < check.Bound.Ticks / TimeSpan.TicksPerMicrosecond
                    ? null
                    : $"got {(response.LatencyMicros / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)}ms";
            default:
                return $"unknown check kind {check.Kind}";
        }
    }

    /// <summary>A JSON value as a variable or message shows it: strings unquoted, anything else as its JSON text.</summary>
    public static string ValueText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private string? Find(StepResponse response, out JsonElement value)
    {
        value = default;
        if (response.Json() is not { } root)
        {
            return "the body is not JSON";
        }

        return path!.TryEvaluate(root, out value) ? null : $"{path.Text} not found";
    }

    /// <summary>Strings compare by text; numbers by value (so 1.0 equals 1); true, false and null by their JSON text.</summary>
    private static bool JsonEquals(JsonElement value, string? expected)
    {
        expected ??= "null";
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString();
                return string.Equals(text, expected, StringComparison.Ordinal)
                    || (expected.Length >= 2 && expected[0] == '"' && expected[^1] == '"' && string.Equals(text, expected[1..^1], StringComparison.Ordinal));
            case JsonValueKind.Number:
                return double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && value.GetDouble() == number;
            default:
                return string.Equals(value.GetRawText(), expected.Trim(), StringComparison.Ordinal);
        }
    }

    private static string Shown(string text) => text.Length <= MaxShown ? $"'{text}'" : $"'{text[..MaxShown]}...'";
}

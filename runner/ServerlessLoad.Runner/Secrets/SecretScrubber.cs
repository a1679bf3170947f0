using System.Text.Encodings.Web;
using System.Text.Json;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Secrets;

/// <summary>
/// The last guard between a resolved secret and storage: failure samples (which quote request lines, and may quote
/// what a target echoed back) are scrubbed of every secret value, as written and as encoded in URLs and JSON, before
/// they are recorded. Values shorter than <see cref="MinLength"/> characters are left alone: scrubbing them would
/// garble every sample, and a secret that short protects nothing.
/// </summary>
public sealed class SecretScrubber
{
    public const int MinLength = 4;

    public static readonly SecretScrubber None = new([]);

    private readonly string[] forms;

    public SecretScrubber(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        forms = [.. values
            .Where(v => v.Length >= MinLength)
            .SelectMany(v => new[] { v, Uri.EscapeDataString(v), JsonEncodedText.Encode(v, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)];
    }

    /// <summary>The values of a resolved plan (<see cref="PlanSecrets.Resolve"/>); none for a plan without secrets.</summary>
    public static SecretScrubber For(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var values = plan.Scenarios
            .SelectMany(s => s.Data)
            .Where(d => d.Name == SecretReferences.Source)
            .SelectMany(d => d.Rows.SelectMany(r => r))
            .ToList();
        return values.Count == 0 ? None : new SecretScrubber(values);
    }

    public bool IsEmpty => forms.Length == 0;

    public string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var form in forms)
        {
            if (text.Contains(form, StringComparison.Ordinal))
            {
                text = text.Replace(form, CredentialText.Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}

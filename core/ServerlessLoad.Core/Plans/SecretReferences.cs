using System.Text.RegularExpressions;
using ServerlessLoad.Core.Security;

namespace ServerlessLoad.Core.Plans;

/// <summary>
/// <c>{{secrets.NAME}}</c>: a value a plan names but never holds. The runner fills it in, in memory, from its own
/// settings (Sload__Secrets__NAME, a Key Vault reference in Azure); the plan, and everything stored or shown of it, keeps
/// the reference. Allowed wherever a request's text is (path and query, header values, bodies, websocket paths, headers
/// and messages), in <c>requests:</c> as in <c>steps:</c>.
/// </summary>
public static partial class SecretReferences
{
    /// <summary>The reserved source name: no data source may be called this.</summary>
    public const string Source = "secrets";

    public const int MaxNameLength = 64;

    /// <summary>The names <paramref name="text"/> references, in order, repeats included.</summary>
    public static IEnumerable<string> Names(string? text) =>
        string.IsNullOrEmpty(text) || !text.Contains("{{", StringComparison.Ordinal)
            ? []
            : Reference().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>Why <paramref name="name"/> cannot name a secret (it becomes part of a setting's key), or null.</summary>
    public static string? NameProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length is > 0 and <= MaxNameLength && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? null
            : $"'{{{{secrets.{InputText.Clean(name)}}}}}': a secret's name has 1-{MaxNameLength} letters, digits and '_', starting with a letter or '_'";
    }

    /// <summary><paramref name="text"/> with every reference replaced by <paramref name="value"/> of its name.</summary>
    public static string Replace(string text, Func<string, string> value)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(value);
        return text.Contains("{{", StringComparison.Ordinal) ? Reference().Replace(text, m => value(m.Groups[1].Value)) : text;
    }

    /// <summary>Every secret a plan references, each once, in plan order.</summary>
    public static IReadOnlyList<string> In(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. Texts(plan).SelectMany(Names).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every text of a plan that a reference may sit in.</summary>
    internal static IEnumerable<string> Texts(Plan plan) =>
        plan.Scenarios.SelectMany(s => s.Requests.SelectMany(RequestTexts).Concat(s.Steps.SelectMany(StepTexts)));

    private static IEnumerable<string> RequestTexts(RequestSpec request) =>
        [request.Path, .. request.Headers.Values, .. request.Body is null ? Array.Empty<string>() : [request.Body]];

    private static IEnumerable<string> StepTexts(Step step) => step switch
    {
        HttpStep http => RequestTexts(http.Request),
        WebSocketStep ws => [ws.Path, .. ws.Headers.Values, .. ws.Actions.OfType<WebSocketSend>().Select(a => a.Text)],
        _ => [],
    };

    [GeneratedRegex(@"\{\{\s*secrets\.([^{}\s]*)\s*\}\}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Reference();
}

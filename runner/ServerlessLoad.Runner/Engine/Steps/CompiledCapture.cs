using System.Text.RegularExpressions;
using ServerlessLoad.Core.Plans;
using Capture = ServerlessLoad.Core.Plans.Capture;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>A capture of an http step, its JSON path or regular expression parsed once per scenario run.</summary>
internal sealed class CompiledCapture
{
    private static readonly TimeSpan RegexBudget = TimeSpan.FromSeconds(1);

    private readonly JsonPathExpression? path;
    private readonly Regex? regex;

    public CompiledCapture(Capture capture, string where)
    {
        ArgumentNullException.ThrowIfNull(capture);
        Capture = capture;
        var context = $"{where}, capture '{capture.Variable}'";
        switch (capture.Source)
        {
            case CaptureSource.JsonPath:
                path = JsonPathExpression.TryParse(capture.Expression, out var parsed, out var error)
                    ? parsed
                    : throw new ArgumentException($"{context}: {error}");
                break;
            case CaptureSource.Regex:
                try
                {
                    regex = new Regex(capture.Expression, RegexOptions.CultureInvariant, RegexBudget);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"{context}: '{capture.Expression}' is not a valid regular expression: {e.Message}", e);
                }

                break;
        }
    }

    public Capture Capture { get; }

    public bool NeedsBody => Capture.Source is CaptureSource.JsonPath or CaptureSource.Regex;

    /// <summary>"capture 'token' ($.token) found nothing", for failure samples.</summary>
    public string MissSample => $"capture '{Capture.Variable}' ({Capture.Source switch
    {
        CaptureSource.Header => "header " + Capture.Expression,
        _ => Capture.Expression,
    }}) found nothing";

    /// <summary>The captured value; false when the response holds none.</summary>
    public bool TryCapture(StepResponse response, out string value)
    {
        ArgumentNullException.ThrowIfNull(response);
        value = string.Empty;
        switch (Capture.Source)
        {
            case CaptureSource.Header:
                var header = response.Header(Capture.Expression);
                value = header ?? string.Empty;
                return header is not null;
            case CaptureSource.JsonPath:
                if (response.Json() is not { } root || !path!.TryEvaluate(root, out var element))
                {
                    return false;
                }

                value = JsonPathExpression.ValueText(element);
                return true;
            default:
                Match match;
                try
                {
                    match = regex!.Match(response.BodyText);
                }
                catch (RegexMatchTimeoutException)
                {
                    return false;
                }

                if (!match.Success)
                {
                    return false;
                }

                value = match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
                return true;
        }
    }
}

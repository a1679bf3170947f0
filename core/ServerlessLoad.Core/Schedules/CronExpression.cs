using System.Diagnostics.CodeAnalysis;
using NCrontab;

namespace ServerlessLoad.Core.Schedules;

/// <summary>
/// A six-field NCRONTAB expression (second minute hour day month day-of-week), the format of Azure Functions' timer
/// trigger: <c>0 0 2 * * *</c> is 02:00:00 every day. Occurrences are wall-clock times in a time zone.
/// </summary>
public sealed class CronExpression
{
    private static readonly string[] FieldNames = ["second", "minute", "hour", "day", "month", "day-of-week"];
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };

    // Any expression that names a real date matches one within 8 years (29 February included).
    private static readonly DateTime NeverFiresFrom = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private static readonly DateTime NeverFiresUntil = new(2032, 1, 2, 0, 0, 0, DateTimeKind.Unspecified);

    private readonly CrontabSchedule schedule;

    private CronExpression(string text, CrontabSchedule schedule, bool repeatsEveryHour)
    {
        Text = text;
        this.schedule = schedule;
        RepeatsEveryHour = repeatsEveryHour;
    }

    public string Text { get; }

    /// <summary>
    /// True when the hour field is a pattern with '*' (every hour, every other hour...), not pinned hours: such a
    /// schedule also fires in the hour that a daylight-saving change repeats.
    /// </summary>
    public bool RepeatsEveryHour { get; }

    /// <exception cref="FormatException">The expression is invalid; the message lists every problem.</exception>
    public static CronExpression Parse(string text) =>
        TryParse(text, out var expression, out var problems)
            ? expression
            : throw new FormatException($"'{Security.InputText.Clean(text)}' is not a six-field NCRONTAB expression: {string.Join("; ", problems)}");

    /// <summary>Parses the expression or lists every problem, each naming its field and column (1-based).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CronExpression? expression, out IReadOnlyList<string> problems)
    {
        expression = null;
        var found = new List<string>();
        problems = found;
        if (string.IsNullOrWhiteSpace(text))
        {
            found.Add("is empty; expected six fields: second minute hour day month day-of-week, e.g. '0 0 2 * * *'");
            return false;
        }

        var fields = Fields(text);
        if (fields.Count != 6)
        {
            var hint = fields.Count == 5 ? $"; NCRONTAB starts with a seconds field, e.g. '0 {Security.InputText.Clean(string.Join(' ', fields.Select(f => f.Text)))}'" : string.Empty;
            found.Add($"has {fields.Count} field(s), expected six: second minute hour day month day-of-week{hint}");
            return false;
        }

        // Each field on its own (the others as '*'), so every bad field is reported, not just the first.
        for (var i = 0; i < fields.Count; i++)
        {
            var probe = string.Join(' ', fields.Select((f, j) => j == i ? f.Text : "*"));
            try
            {
                CrontabSchedule.Parse(probe, WithSeconds);
            }
            catch (CrontabException e)
            {
                found.Add($"{FieldNames[i]} field '{Security.InputText.Clean(fields[i].Text)}' (column {fields[i].Column}): {Security.InputText.Clean(Reason(e), 120)}");
            }
        }

        if (found.Count > 0)
        {
            return false;
        }

        var schedule = CrontabSchedule.Parse(string.Join(' ', fields.Select(f => f.Text)), WithSeconds);
        if (schedule.GetNextOccurrence(NeverFiresFrom, NeverFiresUntil) >= NeverFiresUntil)
        {
            found.Add($"never fires: no date matches day '{Security.InputText.Clean(fields[3].Text)}' of month '{Security.InputText.Clean(fields[4].Text)}'");
            return false;
        }

        expression = new CronExpression(text.Trim(), schedule, fields[2].Text.Contains('*', StringComparison.Ordinal));
        return true;
    }

    /// <summary>The next wall-clock time strictly after <paramref name="local"/> and before <paramref name="end"/>, or null.</summary>
    internal DateTime? NextLocal(DateTime local, DateTime end)
    {
        var next = schedule.GetNextOccurrence(local, end);
        return next < end ? next : null;
    }

    public override string ToString() => Text;

    private static string Reason(CrontabException e)
    {
        // NCrontab says "'61' is not a valid [Second] crontab field value. It must be ..."; the field is named already.
        var message = e.Message.ReplaceLineEndings(" ").Trim();
        var sentence = message.IndexOf(". ", StringComparison.Ordinal);
        return sentence > 0 && sentence + 2 < message.Length && message.StartsWith('\'') ? message[(sentence + 2)..] : message;
    }

    private static List<(string Text, int Column)> Fields(string text)
    {
        var fields = new List<(string, int)>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            fields.Add((text[start..i], start + 1));
        }

        return fields;
    }
}

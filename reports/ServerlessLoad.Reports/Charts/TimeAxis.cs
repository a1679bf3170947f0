using System.Globalization;

namespace ServerlessLoad.Reports.Charts;

/// <summary>How a time axis writes its ticks: plain seconds for short runs, m:ss up to a few hours, h:mm beyond.</summary>
internal enum TimeFormat
{
    Seconds,
    MinutesSeconds,
    HoursMinutes,
}

/// <summary>
/// The time axis of a time-series chart, in seconds since the run started. Ticks fall on round clock values (5 s,
/// 30 s, 5 min, 1 h, ...) and are spaced so their labels never touch.
/// </summary>
internal sealed record TimeAxis(double Min, double Max, double Step, TimeFormat Format)
{
    public const double SecondsSpanLimit = 180;
    public const double MinutesSpanLimit = 3 * 3600;

    private const double LabelGap = 28;
    private const int MaxTicks = 13;

    private static readonly double[] Steps =
    [
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 432000,
        864000, 1728000, 4320000,
    ];

    public static TimeAxis For(double min, double max, double plotWidth, double fontSize)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            (min, max) = (0, 1);
        }

        if (max <= min)
        {
            max = min + 1;
        }

        var span = max - min;
        var format = span <= SecondsSpanLimit ? TimeFormat.Seconds
            : span <= MinutesSpanLimit ? TimeFormat.MinutesSeconds
            : TimeFormat.HoursMinutes;
        var smallest = format switch
        {
            TimeFormat.Seconds => 1,
            TimeFormat.MinutesSeconds => 15,
            _ => 900,
        };

        foreach (var step in Steps.Where(s => s >= smallest))
        {
            var candidate = new TimeAxis(min, max, step, format);
            var ticks = candidate.Ticks;
            var widest = ticks.Max(t => LabelWidth(candidate.Label(t), fontSize));
            if (ticks.Count <= MaxTicks && ticks.Count * (widest + LabelGap) <= plotWidth)
            {
                return candidate;
            }
        }

        return new TimeAxis(min, max, Steps[^1], format);
    }

    public string Title => Format switch
    {
        TimeFormat.Seconds => "Time since start (s)",
        TimeFormat.MinutesSeconds => "Time since start (m:ss)",
        _ => "Time since start (h:mm)",
    };

    public IReadOnlyList<double> Ticks
    {
        get
        {
            var ticks = new List<double>();
            for (var i = (long)Math.Ceiling((Min / Step) - 1e-9); i * Step <= Max + 1e-9; i++)
            {
                ticks.Add(i * Step);
            }

            return ticks;
        }
    }

    /// <summary>Tick labels are digits and colons, about 0.64 em wide each in the charts' sans-serif font.</summary>
    internal static double LabelWidth(string label, double fontSize) => label.Length * 0.64 * fontSize;

    public string Label(double seconds)
    {
        var whole = (long)Math.Round(seconds);
        var sign = whole < 0 ? "-" : "";
        whole = Math.Abs(whole);
        return Format switch
        {
            TimeFormat.Seconds => sign + whole.ToString(CultureInfo.InvariantCulture),
            TimeFormat.MinutesSeconds => string.Create(CultureInfo.InvariantCulture, $"{sign}{whole / 60}:{whole % 60:00}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{sign}{whole / 3600}:{whole / 60 % 60:00}"),
        };
    }
}

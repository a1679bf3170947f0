using System.Globalization;
using System.Text;

namespace ServerlessLoad.Core.Plans;

/// <summary>
/// Durations as plans write them: <c>500ms</c>, <c>20s</c>, <c>1m30s</c>, <c>2h</c>, <c>1h2m3s</c>, <c>1.5s</c>, or a
/// plain number of seconds. Units come largest first, each at most once.
/// </summary>
public static class DurationText
{
    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
    ];

    public const string Examples = "500ms, 20s, 1m30s, 2h or a number of seconds";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (TryNumber(span, out var plainSeconds))
        {
            return TryTicks(plainSeconds * TimeSpan.TicksPerSecond, out duration);
        }

        decimal ticks = 0;
        var nextUnit = 0;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }

            var letters = digits;
            while (letters < span.Length && char.IsAsciiLetterLower(span[letters]))
            {
                letters++;
            }

            if (digits == 0 || !TryNumber(span[..digits], out var amount))
            {
                return false;
            }

            var index = IndexOfUnit(span[digits..letters], nextUnit);
            if (index < 0)
            {
                return false;
            }

            ticks += amount * Units[index].Ticks;
            nextUnit = index + 1;
            span = span[letters..];
        }

        return TryTicks(ticks, out duration);
    }

    /// <summary>Canonical text that <see cref="TryParse"/> reads back to the same value: <c>1h2m3s500ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "Durations in plans are never negative.");
        }

        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        if (duration.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            // Finer than a millisecond: decimal seconds keep every tick.
            var seconds = duration.Ticks / (decimal)TimeSpan.TicksPerSecond;
            return seconds.ToString("0.#######", CultureInfo.InvariantCulture) + "s";
        }

        var text = new StringBuilder();
        var remaining = duration.Ticks;
        foreach (var (unit, unitTicks) in Units)
        {
            var count = remaining / unitTicks;
            if (count > 0)
            {
                text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                remaining -= count * unitTicks;
            }
        }

        return text.ToString();
    }

    /// <summary>Beyond TimeSpan's range in any unit; bounding it keeps the decimal arithmetic from overflowing.</summary>
    private const decimal MaxAmount = 1_000_000_000_000_000m;

    private static bool TryNumber(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        return !text.IsEmpty
            && char.IsAsciiDigit(text[0])
            && char.IsAsciiDigit(text[^1])
            && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            && value <= MaxAmount;
    }

    private static int IndexOfUnit(ReadOnlySpan<char> unit, int from)
    {
        for (var i = from; i < Units.Length; i++)
        {
            if (unit.SequenceEqual(Units[i].Unit))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryTicks(decimal ticks, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var rounded = decimal.Round(ticks, MidpointRounding.AwayFromZero);
        if (rounded > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)rounded);
        return true;
    }
}

using System.Globalization;

namespace ServerlessLoad.Core.Plans;

/// <summary>A share written as a percentage (<c>5%</c>) or as a fraction (<c>0.05</c>), read as the fraction.</summary>
public static class Percent
{
    public static bool TryParse(string? text, out double fraction)
    {
        fraction = 0;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }

        var isPercent = trimmed.EndsWith('%');
        if (!double.TryParse(isPercent ? trimmed[..^1] : trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || double.IsInfinity(value))
        {
            return false;
        }

        fraction = isPercent ? value / 100 : value;
        return true;
    }

    /// <summary>The fraction as people read it: 0.05 is "5%", 0.0125 is "1.25%".</summary>
    public static string Format(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}

namespace ServerlessLoad.Reports.Charts;

/// <summary>
/// The Okabe-Ito colours, distinguishable with the common colour-vision deficiencies. Yellow is left out: it does not
/// read on white. Every chart takes its colours from here so a metric looks the same everywhere.
/// </summary>
public static class ChartPalette
{
    public const string Blue = "#0072B2";
    public const string Orange = "#E69F00";
    public const string Vermillion = "#D55E00";
    public const string Green = "#009E73";
    public const string SkyBlue = "#56B4E9";
    public const string Purple = "#CC79A7";
    public const string Black = "#000000";

    public const string Text = "#1F2328";
    public const string MutedText = "#57606A";
    public const string Axis = "#8C959F";
    public const string Grid = "#E6E8EB";
    public const string Background = "#FFFFFF";

    public const string Median = Blue;
    public const string P95 = Orange;
    public const string P99 = Vermillion;
    public const string Requests = Blue;
    public const string Failures = Vermillion;
    public const string VirtualUsers = Green;
    public const string PlannedRate = Purple;
    public const string AchievedRate = SkyBlue;
}

namespace ServerlessLoad.Reports.Charts;

/// <summary>One data point. A NaN <see cref="Y"/> marks a gap: the line is broken there.</summary>
public readonly record struct ChartPoint(double X, double Y);

/// <summary>Which value axis a series is scaled against: the left one, or the right one for a second unit.</summary>
public enum ValueAxis
{
    Primary,
    Secondary,
}

/// <summary>A named line. <see cref="Colour"/> is a #RRGGBB colour, normally one of <see cref="ChartPalette"/>.</summary>
public sealed record ChartSeries(string Name, string Colour, IReadOnlyList<ChartPoint> Points)
{
    public ValueAxis Axis { get; init; } = ValueAxis.Primary;

    /// <summary>
    /// What the plan asked for (target VUs, planned arrivals) rather than what was measured: drawn as a wide, light
    /// band behind the measured lines, so a measured line that follows it exactly stays visible on top.
    /// </summary>
    public bool IsTarget { get; init; }
}

/// <summary>
/// Another run's series drawn behind the current ones, dashed and lighter, in the colours of the series they match,
/// and labelled once in the legend as "baseline {RunId}".
/// </summary>
public sealed record BaselineOverlay(string RunId, IReadOnlyList<ChartSeries> Series)
{
    public string Label => "baseline " + RunId;
}

/// <summary>
/// What a chart shows, independent of how it is drawn: <see cref="ChartImage"/> turns one definition into both the
/// PNG and the SVG, so the two never disagree.
/// </summary>
public abstract record ChartDefinition(string Title);

/// <summary>
/// Lines over time. X is the start of a measurement interval in seconds since the run started; each point is drawn
/// in the middle of its interval of <see cref="IntervalSeconds"/>, so even a single second has a width on the axis.
/// </summary>
public sealed record TimeSeriesChart(string Title, string YAxisTitle, IReadOnlyList<ChartSeries> Series) : ChartDefinition(Title)
{
    public double IntervalSeconds { get; init; } = 1;

    /// <summary>Title of the right-hand axis; required when a series uses <see cref="ValueAxis.Secondary"/>.</summary>
    public string? SecondaryYAxisTitle { get; init; }

    public BaselineOverlay? Baseline { get; init; }
}

/// <summary>One bar of a histogram: a count of values in [<see cref="Low"/>, <see cref="High"/>).</summary>
public sealed record HistogramBin(double Low, double High, long Count);

/// <summary>A vertical reference line with a label, such as a percentile on a distribution.</summary>
public sealed record ValueMarker(string Label, double Value)
{
    public string Colour { get; init; } = ChartPalette.Text;
}

/// <summary>A distribution: bars on a logarithmic X axis (bins must have positive bounds).</summary>
public sealed record HistogramChart(string Title, string XAxisTitle, string YAxisTitle, IReadOnlyList<HistogramBin> Bins) : ChartDefinition(Title)
{
    /// <summary>What the bars count, for the legend.</summary>
    public string BarLabel { get; init; } = "Requests";

    public IReadOnlyList<ValueMarker> Markers { get; init; } = [];
}

/// <summary>
/// Values by percentile, HDR style: X points are percentiles in [0, 100) spread on a log scale of 1/(1 - p) so the
/// tail (99, 99.9, 99.99 %) gets as much room as the body.
/// </summary>
public sealed record PercentileCurveChart(string Title, string YAxisTitle, IReadOnlyList<ChartSeries> Series) : ChartDefinition(Title)
{
    public BaselineOverlay? Baseline { get; init; }
}

public sealed record Bar(string Label, double Value);

/// <summary>Horizontal bars, one per label, longest first; values are printed at the bars' ends with <see cref="ValueUnit"/>.</summary>
public sealed record BarChart(string Title, string ValueAxisTitle, IReadOnlyList<Bar> Bars) : ChartDefinition(Title)
{
    public string ValueUnit { get; init; } = "";

    public string Colour { get; init; } = ChartPalette.Blue;
}

namespace ServerlessLoad.Reports.Charts;

/// <summary>A distribution as bars over log-spaced bins, with labelled reference lines such as percentiles.</summary>
internal static class HistogramRenderer
{
    private const double MarkerFontSize = 12;
    private const double MarkerRowHeight = 17;
    private const int MarkerRows = 4;

    public static string Render(HistogramChart chart)
    {
        var svg = new SvgWriter(chart.Title);
        ChartChrome.Title(svg, chart.Title);

        var bins = chart.Bins
            .Where(b => double.IsFinite(b.Low) && double.IsFinite(b.High) && b.Low > 0 && b.High > b.Low && b.Count >= 0)
            .OrderBy(b => b.Low)
            .ToList();
        var legendBottom = ChartChrome.Legend(svg, [new LegendItem(chart.BarLabel, ChartPalette.Blue, LegendSwatch.Box)]);
        if (bins.Sum(b => b.Count) == 0)
        {
            ChartChrome.NoData(svg, ChartChrome.Plot(legendBottom, 0));
            return svg.Finish();
        }

        // Head room above the tallest bar keeps the marker labels clear of the bars.
        var tallest = bins.Max(b => b.Count);
        var counts = LinearScale.Nice(0, tallest * 1.3, TimeSeriesRenderer.MaxValueTicks(ChartChrome.Plot(legendBottom, 0).Height));
        var plot = ChartChrome.Plot(legendBottom, ChartChrome.LabelWidth(counts.Ticks.Select(counts.Label)));
        var markers = chart.Markers.Where(m => double.IsFinite(m.Value) && m.Value > 0).ToList();
        var values = LogScale.Around(
            Math.Min(bins[0].Low, markers.Select(m => m.Value).DefaultIfEmpty(double.MaxValue).Min()),
            Math.Max(bins[^1].High, markers.Select(m => m.Value).DefaultIfEmpty(0).Max()));

        ChartChrome.ValueAxis(svg, plot, counts.Ticks, v => counts.Map(v, plot.Bottom, plot.Top), counts.Label, right: false, grid: true);
        ChartChrome.ValueAxisTitle(svg, plot, chart.YAxisTitle, right: false);
        ChartChrome.CategoryAxis(svg, plot, values.Ticks.Select(v => (values.Map(v, plot.Left, plot.Right), LogScale.Label(v))), grid: true);
        ChartChrome.XAxisTitle(svg, plot, chart.XAxisTitle);

        svg.BeginGroup(chart.BarLabel, "bars");
        foreach (var bin in bins.Where(b => b.Count > 0))
        {
            var left = values.Map(bin.Low, plot.Left, plot.Right);
            var right = values.Map(bin.High, plot.Left, plot.Right);
            var top = counts.Map(bin.Count, plot.Bottom, plot.Top);
            var gap = right - left > 3 ? 0.5 : 0;
            svg.Rect(left + gap, top, Math.Max(1, right - left - (2 * gap)), plot.Bottom - top, ChartPalette.Blue, 0.85);
        }

        svg.EndGroup();
        ChartChrome.Axes(svg, plot);
        DrawMarkers(svg, plot, values, markers);
        return svg.Finish();
    }

    /// <summary>
    /// Each label goes beside its line, preferably where it crosses no other marker's line, in the highest row where
    /// it touches no label already placed. Labels have a white halo, so a line that must cross one does not hide it.
    /// </summary>
    private static void DrawMarkers(SvgWriter svg, PlotArea plot, LogScale values, IReadOnlyList<ValueMarker> markers)
    {
        var placed = Enumerable.Range(0, MarkerRows).Select(_ => new List<(double Start, double End)>()).ToArray();
        var lines = markers.Select(m => values.Map(m.Value, plot.Left, plot.Right)).ToList();
        foreach (var marker in markers.OrderBy(m => m.Value))
        {
            var x = values.Map(marker.Value, plot.Left, plot.Right);
            svg.BeginGroup(marker.Label, "marker");
            svg.Line(x, plot.Top, x, plot.Bottom, marker.Colour, 1.5, "5 4");
            var width = TextMetrics.Width(marker.Label, MarkerFontSize);
            var candidates = new[] { (Start: x + 5, End: x + 5 + width, Right: true), (Start: x - 5 - width, End: x - 5, Right: false) }
                .Where(c => c.Start >= plot.Left && c.End <= plot.Right)
                .ToList();
            var slot = Enumerable.Range(0, MarkerRows)
                .SelectMany(row => candidates.Select(c => (Row: row, c.Start, c.End, c.Right)))
                .Where(c => placed[c.Row].All(p => c.End + 6 < p.Start || c.Start > p.End + 6))
                .OrderBy(c => lines.Any(l => l > c.Start - 2 && l < c.End + 2) ? 1 : 0)
                .ThenBy(c => c.Row)
                .Select(c => ((int Row, double Start, double End, bool Right)?)c)
                .FirstOrDefault();
            if (slot is { } chosen)
            {
                placed[chosen.Row].Add((chosen.Start, chosen.End));
                var y = plot.Top + 14 + (chosen.Row * MarkerRowHeight);
                svg.Text(chosen.Right ? chosen.Start : chosen.End, y, marker.Label, MarkerFontSize, marker.Colour, chosen.Right ? TextAnchor.Start : TextAnchor.End, bold: true, halo: true);
            }

            svg.EndGroup();
        }
    }
}

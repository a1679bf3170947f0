namespace ServerlessLoad.Reports.Charts;

/// <summary>Draws a series as lines broken at gaps (NaN), with dots where points are few enough to tell apart.</summary>
internal static class SeriesPainter
{
    /// <summary>Up to this many points each gets a dot, so a run of a few seconds still shows its measurements.</summary>
    public const int MaxPointsWithMarkers = 60;

    public static void Draw(SvgWriter svg, ChartSeries series, Func<ChartPoint, (double X, double Y)> map, bool baseline)
    {
        svg.BeginGroup(series.Name, baseline ? "baseline" : "series");
        var width = baseline ? 1.75 : 2.25;
        var dash = baseline ? "7 5" : null;
        var opacity = baseline ? 0.55 : 1;
        var segment = new List<(double X, double Y)>();
        foreach (var point in series.Points)
        {
            if (double.IsNaN(point.Y))
            {
                Flush(svg, segment, series.Colour, width, dash, opacity);
                continue;
            }

            segment.Add(map(point));
        }

        Flush(svg, segment, series.Colour, width, dash, opacity);

        if (!baseline && series.Points.Count <= MaxPointsWithMarkers)
        {
            foreach (var point in series.Points.Where(p => !double.IsNaN(p.Y)))
            {
                var (x, y) = map(point);
                svg.Circle(x, y, 4, series.Colour);
            }
        }

        svg.EndGroup();
    }

    /// <summary>Finite X, non-finite Y turned into gaps, in X order, at most <see cref="Downsampler.MaxPoints"/> points.</summary>
    public static ChartSeries Prepare(ChartSeries series) => series with
    {
        Points = Downsampler.MinMax(series.Points
            .Where(p => double.IsFinite(p.X))
            .Select(p => double.IsFinite(p.Y) ? p : p with { Y = double.NaN })
            .OrderBy(p => p.X)
            .ToList()),
    };

    private static void Flush(SvgWriter svg, List<(double X, double Y)> segment, string colour, double width, string? dash, double opacity)
    {
        if (segment.Count == 1)
        {
            svg.Circle(segment[0].X, segment[0].Y, width, colour);
        }
        else if (segment.Count > 1)
        {
            svg.Polyline(segment, colour, width, dash, opacity);
        }

        segment.Clear();
    }
}

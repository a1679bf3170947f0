namespace ServerlessLoad.Reports;

/// <summary>How a run is compared with its baseline.</summary>
public sealed record BaselineOptions
{
    public static BaselineOptions Default { get; } = new();

    /// <summary>
    /// The fraction a metric may get worse before it is flagged as a regression: latency up, rps down, or failure rate
    /// up (relative, and by at least <see cref="BaselineComparer.MinimumFailureRateIncrease"/> absolute).
    /// </summary>
    public double Tolerance { get; init; } = 0.10;

    /// <summary>When true, a significant regression fails the run's verdict; otherwise the comparison only informs.</summary>
    public bool Gate { get; init; }

    /// <summary>The significance level: a regression is significant when its series' p-value is below it.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <exception cref="ArgumentOutOfRangeException">Tolerance is negative or not finite, or alpha is not in (0, 1).</exception>
    public void Validate()
    {
        if (!double.IsFinite(Tolerance) || Tolerance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "The tolerance must be a finite fraction of at least 0.");
        }

        if (!(Alpha > 0 && Alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be between 0 and 1 (exclusive).");
        }
    }
}

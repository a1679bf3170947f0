namespace ServerlessLoad.Reports;

/// <summary>The standard normal tail, for p-values of normal approximations.</summary>
internal static class NormalDistribution
{
    /// <summary>P(|N(0,1)| ≥ |z|) = erfc(|z|/√2), in [0, 1].</summary>
    public static double TwoSidedPValue(double z) => Math.Clamp(Erfc(Math.Abs(z) / Math.Sqrt(2)), 0, 1);

    /// <summary>
    /// The complementary error function for x ≥ 0 (erfc(−x) = 2 − erfc(x) otherwise), to better than 1e-13 relative: a power
    /// series with positive terms below 2, where erfc is not small, and the Laplace continued fraction from 2 on, which
    /// keeps tiny tails accurate instead of subtracting from 1.
    /// </summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        if (x < 2)
        {
            // erf(x) = 2/√π · e^(−x²) · Σ (2x²)ⁿ x / (1·3·…·(2n+1))
            double term = x, sum = x, twoXSquared = 2 * x * x;
            for (var k = 1; term > 1e-17 * sum; k++)
            {
                term *= twoXSquared / (2 * k + 1);
                sum += term;
            }

            return 1 - 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
        }

        // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …)))), evaluated from the tail inwards.
        var fraction = x;
        for (var k = 120; k >= 1; k--)
        {
            fraction = x + k / 2.0 / fraction;
        }

        return Math.Exp(-x * x) / (Math.Sqrt(Math.PI) * fraction);
    }
}

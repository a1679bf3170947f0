using System.Globalization;

namespace ServerlessLoad.Cli.Target;

/// <summary>
/// How long the demo target's <c>/work</c> endpoint takes. Text form:
/// <c>fixed:10ms</c>, <c>uniform:5ms-25ms</c>, <c>normal:mean=20ms,sd=5ms</c>, <c>lognormal:median=20ms,sigma=0.5</c>,
/// <c>exponential:mean=10ms</c>. Durations accept <c>us</c>, <c>ms</c> and <c>s</c>.
/// </summary>
public abstract record LatencyDistribution
{
    /// <summary>Samples are capped so a long-tailed distribution cannot park a request for hours.</summary>
    public static readonly TimeSpan MaxSample = TimeSpan.FromMinutes(5);

    public static LatencyDistribution Default { get; } = new Uniform(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(25));

    public abstract TimeSpan Sample(Random random);

    public static LatencyDistribution Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw Invalid(text, "expected KIND:PARAMETERS, e.g. uniform:5ms-25ms");
        }

        var kind = text[..colon].Trim().ToLowerInvariant();
        var body = text[(colon + 1)..].Trim();
        return kind switch
        {
            "fixed" => new Fixed(ParseDuration(text, body)),
            "uniform" => ParseUniform(text, body),
            "normal" => ParseNormal(text, body),
            "lognormal" => ParseLogNormal(text, body),
            "exponential" => new Exponential(ParsePositiveDuration(text, Parameters(text, body, "mean")["mean"], "mean")),
            _ => throw Invalid(text, $"unknown distribution '{kind}' (use fixed, uniform, normal, lognormal or exponential)"),
        };
    }

    public static bool TryParse(string text, out LatencyDistribution? distribution)
    {
        try
        {
            distribution = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            distribution = null;
            return false;
        }
    }

    private static Uniform ParseUniform(string text, string body)
    {
        var parts = body.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            throw Invalid(text, "uniform needs MIN-MAX, e.g. uniform:5ms-25ms");
        }

        var min = ParseDuration(text, parts[0]);
        var max = ParseDuration(text, parts[1]);
        if (max < min)
        {
            throw Invalid(text, $"uniform minimum {parts[0]} is above its maximum {parts[1]}");
        }

        return new Uniform(min, max);
    }

    private static Normal ParseNormal(string text, string body)
    {
        var p = Parameters(text, body, "mean", "sd");
        var sd = ParseDuration(text, p["sd"]);
        return new Normal(ParseDuration(text, p["mean"]), sd);
    }

    private static LogNormal ParseLogNormal(string text, string body)
    {
        var p = Parameters(text, body, "median", "sigma");
        if (!double.TryParse(p["sigma"], NumberStyles.Float, CultureInfo.InvariantCulture, out var sigma) || sigma < 0 || !double.IsFinite(sigma))
        {
            throw Invalid(text, $"sigma '{p["sigma"]}' is not a non-negative number");
        }

        return new LogNormal(ParsePositiveDuration(text, p["median"], "median"), sigma);
    }

    private static Dictionary<string, string> Parameters(string text, string body, params string[] required)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in body.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw Invalid(text, $"'{pair}' is not NAME=VALUE");
            }

            var name = pair[..eq].Trim();
            if (Array.IndexOf(required, name.ToLowerInvariant()) < 0)
            {
                throw Invalid(text, $"unknown parameter '{name}' (expected {string.Join(", ", required)})");
            }

            result[name] = pair[(eq + 1)..].Trim();
        }

        foreach (var name in required)
        {
            if (!result.ContainsKey(name))
            {
                throw Invalid(text, $"missing parameter '{name}'");
            }
        }

        return result;
    }

    private static TimeSpan ParsePositiveDuration(string text, string value, string name)
    {
        var duration = ParseDuration(text, value);
        return duration > TimeSpan.Zero ? duration : throw Invalid(text, $"{name} must be above zero");
    }

    private static TimeSpan ParseDuration(string text, string value)
    {
        var (number, unitTicks) = value switch
        {
            _ when value.EndsWith("us", StringComparison.OrdinalIgnoreCase) => (value[..^2], (double)TimeSpan.TicksPerMicrosecond),
            _ when value.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (value[..^2], (double)TimeSpan.TicksPerMillisecond),
            _ when value.EndsWith('s') || value.EndsWith('S') => (value[..^1], (double)TimeSpan.TicksPerSecond),
            _ => throw Invalid(text, $"duration '{value}' needs a unit (us, ms or s), e.g. 20ms"),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount) || amount < 0)
        {
            throw Invalid(text, $"duration '{value}' is not a non-negative number with a unit");
        }

        var ticks = amount * unitTicks;
        return ticks <= MaxSample.Ticks ? TimeSpan.FromTicks((long)ticks) : throw Invalid(text, $"duration '{value}' is above {MaxSample.TotalMinutes} minutes");
    }

    private static FormatException Invalid(string text, string reason) => new($"Invalid latency distribution '{text}': {reason}.");

    private static TimeSpan FromMillis(double millis) =>
        TimeSpan.FromTicks((long)Math.Clamp(millis * TimeSpan.TicksPerMillisecond, 0, MaxSample.Ticks));

    /// <summary>A standard normal deviate (Box-Muller), so every distribution draws from the one seeded Random.</summary>
    private static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble(); // (0, 1]: keeps Log finite
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static string Format(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds}ms");

    public sealed record Fixed(TimeSpan Value) : LatencyDistribution
    {
        public override TimeSpan Sample(Random random) => Value;

        public override string ToString() => $"fixed:{Format(Value)}";
    }

    public sealed record Uniform(TimeSpan Min, TimeSpan Max) : LatencyDistribution
    {
        public override TimeSpan Sample(Random random) =>
            Min + TimeSpan.FromTicks((long)(random.NextDouble() * (Max - Min).Ticks));

        public override string ToString() => $"uniform:{Format(Min)}-{Format(Max)}";
    }

    /// <summary>Normal, clamped at zero (a negative delay is just no delay).</summary>
    public sealed record Normal(TimeSpan Mean, TimeSpan StandardDeviation) : LatencyDistribution
    {
        public override TimeSpan Sample(Random random) =>
            FromMillis(Mean.TotalMilliseconds + (StandardDeviation.TotalMilliseconds * StandardNormal(random)));

        public override string ToString() => $"normal:mean={Format(Mean)},sd={Format(StandardDeviation)}";
    }

    /// <summary>Log-normal by its median and the standard deviation of the underlying normal (the usual tail model).</summary>
    public sealed record LogNormal(TimeSpan Median, double Sigma) : LatencyDistribution
    {
        public override TimeSpan Sample(Random random) =>
            FromMillis(Median.TotalMilliseconds * Math.Exp(Sigma * StandardNormal(random)));

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"lognormal:median={Format(Median)},sigma={Sigma}");
    }

    public sealed record Exponential(TimeSpan Mean) : LatencyDistribution
    {
        public override TimeSpan Sample(Random random) =>
            FromMillis(-Mean.TotalMilliseconds * Math.Log(1.0 - random.NextDouble()));

        public override string ToString() => $"exponential:mean={Format(Mean)}";
    }
}

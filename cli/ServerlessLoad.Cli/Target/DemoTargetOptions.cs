namespace ServerlessLoad.Cli.Target;

public sealed record DemoTargetOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Delay of <c>GET /work</c> when the request has no <c>?ms=</c>.</summary>
    public LatencyDistribution Latency { get; init; } = LatencyDistribution.Default;

    /// <summary>Seed for the latency draws; null draws a different sequence every start.</summary>
    public int? Seed { get; init; }

    /// <summary>Clock for the stall window and the delays.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

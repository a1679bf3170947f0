namespace ServerlessLoad.Runner.Engine;

/// <summary>What one finished request measured, stamped with the run second in which it completed.</summary>
public readonly record struct RequestOutcome
{
    /// <summary>The request's name in the plan.</summary>
    public required string Request { get; init; }

    public long Second { get; init; }

    /// <summary>A measure that has no HTTP status of its own (a browser step): no status code is counted for it.</summary>
    public const int NoStatus = -1;

    /// <summary>HTTP status, 0 when no response arrived, <see cref="NoStatus"/> for measures without one.</summary>
    public int Status { get; init; }

    /// <summary>From the intended start to the end of the response body (or the failure); see RequestStats.Latency.</summary>
    public long LatencyMicros { get; init; }

    /// <summary>From the actual send to the end of the response body (or the failure).</summary>
    public long ServiceMicros { get; init; }

    /// <summary>From the actual send to the first response byte; -1 when no byte arrived.</summary>
    public long TimeToFirstByteMicros { get; init; } = -1;

    /// <summary>Setting up the new connection this request opened; -1 when it reused one.</summary>
    public long ConnectMicros { get; init; } = -1;

    public bool Failed { get; init; }

    /// <summary>status, timeout, refused, reset, dns, tls, check, capture or error.</summary>
    public string? FailureCategory { get; init; }

    /// <summary>A short human-readable example of the failure.</summary>
    public string? FailureSample { get; init; }

    public long BytesSent { get; init; }

    public long BytesReceived { get; init; }

    /// <summary>Checks evaluated on the response (a step's <c>checks:</c>), passed or not.</summary>
    public int Checks { get; init; }

    /// <summary>Checks that did not hold.</summary>
    public int ChecksFailed { get; init; }

    public RequestOutcome()
    {
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ServerlessLoad.Telemetry;

/// <summary>
/// The pipeline's own spans and instruments. A run is one trace: the POST that accepts it starts the trace, and every
/// queue message carries the W3C traceparent of the span that sent it, so planning, every slice on every runner,
/// collecting and the report's stages continue that trace in whichever process handles the message. Without a
/// listener (no exporter configured) nothing is recorded and messages carry no trace.
/// </summary>
public static class PipelineTelemetry
{
    public const string Name = "ServerlessLoad";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Runs accepted, by trigger (api, schedule, cli).</summary>
    public static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>("sload.runs.started", "{run}", "Runs accepted");

    /// <summary>Slices a runner finished, by terminal status.</summary>
    public static readonly Counter<long> SlicesFinished = Meter.CreateCounter<long>("sload.slices.finished", "{slice}", "Slices that reached a terminal status on a runner");

    /// <summary>Queue messages a function handled, by function and outcome.</summary>
    public static readonly Counter<long> MessagesHandled = Meter.CreateCounter<long>("sload.messages.handled", "{message}", "Queue messages handled");

    /// <summary>How long each stage of the pipeline took (plan, slice, collect, report stages), in seconds.</summary>
    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>("sload.stage.duration", "s", "Duration of a pipeline stage");

    /// <summary>
    /// A span for handling a message: a child of the span that sent it (<paramref name="traceParent"/>), else of the
    /// current span (the Functions host's invocation), else a new trace. The current span, when the message names
    /// another parent, is kept as a link so the host's invocation can still be found from the run's trace.
    /// </summary>
    public static Activity? StartConsumer(string name, string? traceParent, string runId)
    {
        var links = Activity.Current is { Recorded: true } current ? new[] { new ActivityLink(current.Context) } : null;
        var activity = ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent) && parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)
            ? Source.StartActivity(name, ActivityKind.Consumer, parent, links: links)
            : StartUnderRecordedOrRoot(name, ActivityKind.Consumer);
        return activity?.SetTag("sload.run_id", runId);
    }

    /// <summary>A span of work inside the current one (a report stage).</summary>
    public static Activity? StartInternal(string name) => Source.StartActivity(name, ActivityKind.Internal);

    /// <summary>A span that begins a run's trace (the POST that accepts a plan, a schedule starting one).</summary>
    public static Activity? StartServer(string name) => StartUnderRecordedOrRoot(name, ActivityKind.Server);

    /// <summary>The traceparent a message sent now carries: the current span's when it is recorded, else null.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true } current ? current.Id : null;

    /// <summary>
    /// A span under the current one when that is recorded (the Functions host's invocation span). An ambient span
    /// nobody records (the local host's ASP.NET Core request activity, which it does not export) would make a sampler
    /// that follows its parent drop the pipeline's span, and with it the run's trace: then the span continues the
    /// caller's trace when its request carried a traceparent, else it starts a new trace.
    /// </summary>
    private static Activity? StartUnderRecordedOrRoot(string name, ActivityKind kind)
    {
        if (Activity.Current is not { Recorded: false } ambient)
        {
            return Source.StartActivity(name, kind);
        }

        var caller = ambient.HasRemoteParent && ambient.ParentSpanId != default
            ? new ActivityContext(ambient.TraceId, ambient.ParentSpanId, ActivityTraceFlags.Recorded, isRemote: true)
            : default;
        Activity.Current = null;
        var span = Source.StartActivity(name, kind, caller);
        if (span is null)
        {
            Activity.Current = ambient;
        }

        return span;
    }

    /// <summary>Marks <paramref name="activity"/> failed with the exception's type and message.</summary>
    public static void Fail(Activity? activity, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name + ": " + error.Message);
    }
}

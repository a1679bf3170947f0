using System.Globalization;
using ServerlessLoad.Core.Plans.Reading;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ServerlessLoad.Core.Plans;

/// <summary>
/// Renders a plan as canonical YAML: every field explicit (targets always as a map, request names, executors,
/// weights, timeouts), durations in <see cref="DurationText"/> form, JSON bodies as text with their content type.
/// </summary>
internal static partial class PlanYamlWriter
{
    public static string Write(Plan plan)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(output, new EmitterSettings(
            bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024,
            skipAnchorName: false, indentSequences: true, newLine: "\n", useUtf16SurrogatePairs: false));
        var writer = new Writer(emitter);

        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        writer.StartMapping();
        writer.Field("name", plan.Name);
        writer.Field("slices", plan.Slices);
        writer.Key("targets");
        writer.StartMapping();
        foreach (var (name, url) in plan.Targets)
        {
            writer.Field(name, url.AbsoluteUri);
        }

        writer.EndMapping();
        if (plan.Load is { } load)
        {
            WriteSharedLoad(writer, load);
        }

        writer.Key("scenarios");
        writer.StartSequence();
        foreach (var scenario in plan.Scenarios)
        {
            WriteScenario(writer, scenario);
        }

        writer.EndSequence();
        if (plan.Thresholds.Count > 0)
        {
            writer.Key("thresholds");
            writer.StartSequence();
            foreach (var threshold in plan.Thresholds)
            {
                WriteThreshold(writer, threshold, plan.AbortOnFail.FirstOrDefault(a => a.Threshold == threshold));
            }

            writer.EndSequence();
        }

        if (plan.Baseline is { } baseline)
        {
            writer.Key("baseline");
            writer.StartMapping();
            if (baseline.RunId is { } run)
            {
                writer.Field("run", run);
            }

            // Plain scalars: a quoted "0.1" or "true" would read back as text, which the plan reader refuses.
            writer.Key("tolerance");
            writer.Plain(baseline.Tolerance.ToString("R", CultureInfo.InvariantCulture));
            writer.Field("gate", baseline.Gate);
            writer.EndMapping();
        }

        if (plan.MaxMissingLoad is { } maxMissing)
        {
            // A plain number (a fraction): quoted text without a % sign would not read back.
            writer.Key("maxMissingLoad");
            writer.Plain(maxMissing.ToString("R", CultureInfo.InvariantCulture));
        }

        writer.EndMapping();
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return output.ToString();
    }

    private static void WriteThreshold(Writer writer, string threshold, ThresholdAbort? abort)
    {
        if (abort is null)
        {
            writer.Text(threshold);
            return;
        }

        writer.StartMapping();
        writer.Field("threshold", threshold);
        writer.Field("abortOnFail", true);
        writer.Field("delayAbortEval", DurationText.Format(abort.Delay));
        writer.EndMapping();
    }

    private static void WriteScenario(Writer writer, Scenario scenario)
    {
        writer.StartMapping();
        writer.Field("name", scenario.Name);
        if (scenario.Weight is { } weight)
        {
            // Its load fields are its share of the plan's load, which is written as it was read.
            writer.Field("weight", weight);
        }
        else
        {
            writer.Field("executor", scenario.Executor);
            WriteLoadModel(writer, scenario);
            writer.Field("startTime", DurationText.Format(scenario.StartTime));
            if (scenario.GracefulStop != Scenario.DefaultGracefulStop)
            {
                writer.Field("gracefulStop", DurationText.Format(scenario.GracefulStop));
            }
        }

        WriteOptions(writer, scenario);
        if (scenario.Steps.Count > 0)
        {
            WriteData(writer, scenario.Data);
            WriteSteps(writer, scenario.Steps);
            writer.EndMapping();
            return;
        }

        writer.Key("requests");
        writer.StartSequence();
        foreach (var request in scenario.Requests)
        {
            WriteRequest(writer, request);
        }

        writer.EndSequence();
        writer.EndMapping();
    }

    /// <summary>Exactly the fields the scenario's executor takes, each explicit.</summary>
    private static void WriteLoadModel(Writer writer, Scenario scenario)
    {
        switch (scenario.Executor)
        {
            case Executors.RampingVus:
                writer.Field("startVUs", scenario.StartVus);
                WriteStages(writer, scenario.Stages);
                break;
            case Executors.SharedIterations or Executors.PerVuIterations:
                writer.Field("vus", scenario.Vus);
                writer.Field("iterations", scenario.Iterations);
                writer.Field("maxDuration", DurationText.Format(scenario.MaxDuration));
                break;
            case Executors.ConstantArrivalRate:
                writer.Field("rate", scenario.Rate);
                writer.Field("timeUnit", DurationText.Format(scenario.TimeUnit));
                writer.Field("duration", DurationText.Format(scenario.Duration));
                WriteArrivalVus(writer, scenario);
                break;
            case Executors.RampingArrivalRate:
                writer.Field("startRate", scenario.StartRate);
                writer.Field("timeUnit", DurationText.Format(scenario.TimeUnit));
                WriteStages(writer, scenario.Stages);
                WriteArrivalVus(writer, scenario);
                break;
            default:
                writer.Field("vus", scenario.Vus);
                writer.Field("duration", DurationText.Format(scenario.Duration));
                break;
        }
    }

    private static void WriteArrivalVus(Writer writer, Scenario scenario)
    {
        writer.Field("preAllocatedVUs", scenario.PreAllocatedVus);
        writer.Field("maxVUs", scenario.MaxVus);
        if (scenario.Connections is { } connections)
        {
            writer.Field("connections", connections);
        }
    }

    private static void WriteStages(Writer writer, IReadOnlyList<Stage> stages)
    {
        writer.Key("stages");
        writer.StartSequence();
        foreach (var stage in stages)
        {
            writer.StartMapping();
            writer.Field("duration", DurationText.Format(stage.Duration));
            writer.Field("target", stage.Target);
            writer.EndMapping();
        }

        writer.EndSequence();
    }

    /// <summary>Options only when they differ from their defaults, so plans that do not use them read as before.</summary>
    private static void WriteOptions(Writer writer, Scenario scenario)
    {
        if (!scenario.ThinkTime.IsNone)
        {
            writer.Key("thinkTime");
            WriteThink(writer, scenario.ThinkTime);
        }

        if (scenario.HttpVersion != HttpVersions.Http11)
        {
            writer.Field("httpVersion", scenario.HttpVersion);
        }

        if (scenario.StreamsPerConnection is { } streams)
        {
            writer.Field("streamsPerConnection", streams);
        }

        if (scenario.InsecureSkipTlsVerify)
        {
            writer.Field("insecureSkipTLSVerify", true);
        }

        if (scenario.NewConnectionPerIteration)
        {
            writer.Field("newConnectionPerIteration", true);
        }

        if (scenario.Cookies)
        {
            writer.Field("cookies", true);
        }
    }

    private static void WriteRequest(Writer writer, RequestSpec request)
    {
        writer.StartMapping();
        writer.Field("name", request.Name);
        writer.Field("weight", request.Weight);
        WriteRequestFields(writer, request);
        writer.EndMapping();
    }

    /// <summary>Everything of a request after its name and weight (an http step has no weight).</summary>
    private static void WriteRequestFields(Writer writer, RequestSpec request)
    {
        writer.Field("method", request.Method);
        writer.Field("target", request.Target);
        writer.Field("path", request.Path);
        if (request.Headers.Count > 0)
        {
            writer.Key("headers");
            writer.StartMapping();
            foreach (var (name, value) in request.Headers)
            {
                writer.Field(name, value);
            }

            writer.EndMapping();
        }

        if (request.Body is not null)
        {
            writer.Field("body", request.Body);
        }

        if (request.ContentType is not null)
        {
            writer.Field("contentType", request.ContentType);
        }

        if (request.Expect.Count > 0)
        {
            writer.Key("expect");
            WriteStatuses(writer, request.Expect);
        }

        writer.Field("timeout", DurationText.Format(request.Timeout));
    }

    private static void WriteStatuses(Writer writer, IReadOnlyList<StatusRange> ranges)
    {
        writer.StartSequence();
        foreach (var range in ranges)
        {
            if (range.From == range.To)
            {
                writer.Number(range.From);
            }
            else
            {
                writer.Text(range.ToString());
            }
        }

        writer.EndSequence();
    }

    private sealed class Writer(IEmitter emitter)
    {
        public void StartMapping() => emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, MappingStyle.Block));

        public void EndMapping() => emitter.Emit(new MappingEnd());

        public void StartSequence() => emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Block));

        public void EndSequence() => emitter.Emit(new SequenceEnd());

        public void Key(string name) => Text(name);

        /// <summary>A scalar written as it is, unquoted (numbers, booleans, null of a JSON value).</summary>
        public void Plain(string value) =>
            emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));

        public void Field(string name, string value)
        {
            Key(name);
            Text(value);
        }

        public void Field(string name, int value)
        {
            Key(name);
            Number(value);
        }

        public void Field(string name, bool value)
        {
            Key(name);
            emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value ? "true" : "false", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
        }

        public void Number(int value) =>
            emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value.ToString(CultureInfo.InvariantCulture), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));

        /// <summary>Text stays plain when YAML would read it back as text; "8", "true" or "null" get quotes.</summary>
        public void Text(string value)
        {
            // The emitter's own analysis misses some cases (a trailing tab), so anything unusual is double-quoted.
            var readsBackAsText = ScalarResolver.KindOfPlain(value) == ScalarKind.Text;
            var simple = readsBackAsText
                && !char.IsWhiteSpace(value[0])
                && !char.IsWhiteSpace(value[^1])
                && !value.Any(char.IsControl);
            var style = simple ? ScalarStyle.Any : ScalarStyle.DoubleQuoted;
            emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, isPlainImplicit: simple, isQuotedImplicit: true));
        }
    }
}

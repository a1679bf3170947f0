using System.Text.Json;

namespace ServerlessLoad.Core.Plans;

/// <summary>The multi-step parts of a scenario: data sources (always as inline rows), steps, checks, captures, pauses.</summary>
internal static partial class PlanYamlWriter
{
    private static void WriteThink(Writer writer, ThinkTime think)
    {
        switch (think.Distribution)
        {
            case ThinkDistribution.Uniform:
                writer.StartMapping();
                writer.Key("uniform");
                writer.StartSequence();
                writer.Text(DurationText.Format(think.First));
                writer.Text(DurationText.Format(think.Second));
                writer.EndSequence();
                writer.EndMapping();
                break;
            case ThinkDistribution.Normal:
                writer.StartMapping();
                writer.Key("normal");
                writer.StartMapping();
                writer.Field("mean", DurationText.Format(think.First));
                writer.Field("stddev", DurationText.Format(think.Second));
                writer.EndMapping();
                writer.EndMapping();
                break;
            default:
                writer.Text(DurationText.Format(think.First));
                break;
        }
    }

    /// <summary>Rows inline as mappings (column to value), so a stored plan needs no file beside it.</summary>
    private static void WriteData(Writer writer, IReadOnlyList<DataSource> sources)
    {
        if (sources.Count == 0)
        {
            return;
        }

        writer.Key("data");
        writer.StartMapping();
        foreach (var source in sources)
        {
            writer.Key(source.Name);
            writer.StartMapping();
            writer.Field("order", source.Order == DataOrder.Random ? "random" : "sequential");
            writer.Key("values");
            writer.StartSequence();
            foreach (var row in source.Rows)
            {
                writer.StartMapping();
                for (var i = 0; i < source.Columns.Count; i++)
                {
                    writer.Field(source.Columns[i], row[i]);
                }

                writer.EndMapping();
            }

            writer.EndSequence();
            writer.EndMapping();
        }

        writer.EndMapping();
    }

    private static void WriteSteps(Writer writer, IReadOnlyList<Step> steps)
    {
        writer.Key("steps");
        writer.StartSequence();
        foreach (var step in steps)
        {
            writer.StartMapping();
            switch (step)
            {
                case HttpStep http:
                    writer.Key("http");
                    WriteHttpStep(writer, http);
                    break;
                case ThinkStep think:
                    writer.Key("think");
                    WriteThink(writer, think.Think);
                    break;
                case WebSocketStep websocket:
                    writer.Key("websocket");
                    WriteWebSocketStep(writer, websocket);
                    break;
                case BrowserStep browser:
                    writer.Key("browser");
                    WriteBrowserStep(writer, browser);
                    break;
            }

            writer.EndMapping();
        }

        writer.EndSequence();
    }

    private static void WriteHttpStep(Writer writer, HttpStep step)
    {
        writer.StartMapping();
        writer.Field("name", step.Request.Name);
        WriteRequestFields(writer, step.Request);
        if (step.Checks.Count > 0)
        {
            writer.Key("checks");
            writer.StartSequence();
            foreach (var check in step.Checks)
            {
                WriteCheck(writer, check);
            }

            writer.EndSequence();
        }

        if (step.Captures.Count > 0)
        {
            writer.Key("capture");
            writer.StartMapping();
            foreach (var capture in step.Captures)
            {
                writer.Key(capture.Variable);
                writer.StartMapping();
                writer.Field(capture.Source switch { CaptureSource.JsonPath => "json", CaptureSource.Header => "header", _ => "regex" }, capture.Expression);
                writer.EndMapping();
            }

            writer.EndMapping();
        }

        writer.EndMapping();
    }

    private static void WriteCheck(Writer writer, Check check)
    {
        writer.StartMapping();
        switch (check.Kind)
        {
            case CheckKind.Status:
                writer.Key("status");
                WriteStatuses(writer, check.Statuses);
                break;
            case CheckKind.Header or CheckKind.HeaderContains:
                writer.Key("header");
                writer.StartMapping();
                writer.Field("name", check.Subject!);
                if (check.Expected is null)
                {
                    writer.Field("exists", true);
                }
                else
                {
                    writer.Field(check.Kind == CheckKind.HeaderContains ? "contains" : "equals", check.Expected);
                }

                writer.EndMapping();
                break;
            case CheckKind.BodyContains:
                writer.Key("body");
                writer.StartMapping();
                writer.Field("contains", check.Expected!);
                writer.EndMapping();
                break;
            case CheckKind.JsonPathEquals or CheckKind.JsonPathExists:
                writer.Key("json");
                writer.StartMapping();
                writer.Field("path", check.Subject!);
                if (check.Kind == CheckKind.JsonPathExists)
                {
                    writer.Field("exists", true);
                }
                else
                {
                    writer.Key("equals");
                    using var expected = JsonDocument.Parse(check.Expected!);
                    WriteJsonValue(writer, expected.RootElement);
                }

                writer.EndMapping();
                break;
            case CheckKind.LatencyUnder:
                writer.Key("latency");
                writer.StartMapping();
                writer.Field("under", DurationText.Format(check.Bound));
                writer.EndMapping();
                break;
        }

        writer.EndMapping();
    }

    private static void WriteJsonValue(Writer writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.StartMapping();
                foreach (var property in value.EnumerateObject())
                {
                    writer.Key(property.Name);
                    WriteJsonValue(writer, property.Value);
                }

                writer.EndMapping();
                break;
            case JsonValueKind.Array:
                writer.StartSequence();
                foreach (var item in value.EnumerateArray())
                {
                    WriteJsonValue(writer, item);
                }

                writer.EndSequence();
                break;
            case JsonValueKind.String:
                writer.Text(value.GetString()!);
                break;
            default:
                // Numbers, true, false and null read back as the same JSON value from a plain scalar.
                writer.Plain(value.GetRawText());
                break;
        }
    }

    /// <summary>In the syntax of the websocket step reader: name, target, path, headers, connectTimeout, actions.</summary>
    private static void WriteWebSocketStep(Writer writer, WebSocketStep step)
    {
        writer.StartMapping();
        writer.Field("name", step.Name);
        writer.Field("target", step.Target);
        writer.Field("path", step.Path);
        if (step.Headers.Count > 0)
        {
            writer.Key("headers");
            writer.StartMapping();
            foreach (var (name, value) in step.Headers)
            {
                writer.Field(name, value);
            }

            writer.EndMapping();
        }

        writer.Field("connectTimeout", DurationText.Format(step.ConnectTimeout));
        writer.Key("actions");
        writer.StartSequence();
        foreach (var action in step.Actions)
        {
            writer.StartMapping();
            switch (action)
            {
                case WebSocketSend send:
                    writer.Field("send", send.Text);
                    break;
                case WebSocketExpect expect:
                    writer.Key("expect");
                    writer.StartMapping();
                    writer.Field("match", expect.Pattern);
                    writer.Field("timeout", DurationText.Format(expect.Timeout));
                    writer.EndMapping();
                    break;
                case WebSocketHold hold:
                    writer.Field("hold", DurationText.Format(hold.Duration));
                    break;
                default:
                    writer.Field("close", true);
                    break;
            }

            writer.EndMapping();
        }

        writer.EndSequence();
        writer.EndMapping();
    }
}

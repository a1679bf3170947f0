namespace ServerlessLoad.Core.Plans;

/// <summary>Browser steps, in the syntax of the browser step reader: name, target, timeout, actions.</summary>
internal static partial class PlanYamlWriter
{
    private static void WriteBrowserStep(Writer writer, BrowserStep step)
    {
        writer.StartMapping();
        writer.Field("name", step.Name);
        writer.Field("target", step.Target);
        writer.Field("timeout", DurationText.Format(step.Timeout));
        writer.Key("actions");
        writer.StartSequence();
        foreach (var action in step.Actions)
        {
            writer.StartMapping();
            WriteBrowserAction(writer, action);
            writer.EndMapping();
        }

        writer.EndSequence();
        writer.EndMapping();
    }

    private static void WriteBrowserAction(Writer writer, BrowserAction action)
    {
        switch (action)
        {
            case BrowserGoto go:
                writer.Key("goto");
                writer.StartMapping();
                writer.Field("path", go.Path);
                writer.Field("waitUntil", go.WaitUntil.ToString().ToLowerInvariant());
                WriteTimeout(writer, go);
                writer.EndMapping();
                break;
            case BrowserClick click:
                WriteElementAction(writer, "click", click.Selector, click);
                break;
            case BrowserFill fill:
                WriteElementAction(writer, "fill", fill.Selector, fill, ("value", fill.Value));
                break;
            case BrowserSelect select:
                WriteElementAction(writer, "select", select.Selector, select, ("value", select.Value));
                break;
            case BrowserPress press:
                WriteElementAction(writer, "press", press.Selector, press, ("key", press.Key));
                break;
            case BrowserWaitFor wait:
                writer.Key("waitFor");
                writer.StartMapping();
                writer.Field(wait.Kind switch { BrowserWaitKind.Selector => "selector", BrowserWaitKind.LoadState => "loadState", _ => "url" }, wait.Subject);
                if (wait.Kind == BrowserWaitKind.Selector)
                {
                    writer.Field("state", wait.State.ToString().ToLowerInvariant());
                }

                WriteTimeout(writer, wait);
                writer.EndMapping();
                break;
            case BrowserExpect expect:
                WriteExpect(writer, expect);
                break;
            case BrowserThink think:
                writer.Key("think");
                WriteThink(writer, think.Think);
                break;
            case BrowserCapture capture:
                WriteCapture(writer, capture);
                break;
        }
    }

    private static void WriteElementAction(Writer writer, string kind, string selector, BrowserAction action, params (string Name, string Value)[] fields)
    {
        writer.Key(kind);
        writer.StartMapping();
        writer.Field("selector", selector);
        foreach (var (name, value) in fields)
        {
            writer.Field(name, value);
        }

        WriteTimeout(writer, action);
        writer.EndMapping();
    }

    private static void WriteExpect(Writer writer, BrowserExpect expect)
    {
        writer.Key("expect");
        writer.StartMapping();
        var match = expect.Exact ? "equals" : "contains";
        switch (expect.Kind)
        {
            case BrowserExpectKind.Visible:
                writer.Field("visible", expect.Selector!);
                break;
            case BrowserExpectKind.Text:
                writer.Key("text");
                writer.StartMapping();
                writer.Field("selector", expect.Selector!);
                writer.Field(match, expect.Expected!);
                writer.EndMapping();
                break;
            default:
                writer.Key(expect.Kind == BrowserExpectKind.Title ? "title" : "url");
                writer.StartMapping();
                writer.Field(match, expect.Expected!);
                writer.EndMapping();
                break;
        }

        WriteTimeout(writer, expect);
        writer.EndMapping();
    }

    private static void WriteCapture(Writer writer, BrowserCapture capture)
    {
        writer.Key("capture");
        writer.StartMapping();
        writer.Key(capture.Variable);
        writer.StartMapping();
        switch (capture.Source)
        {
            case BrowserCaptureSource.Element:
                writer.Field("selector", capture.Selector!);
                if (capture.Attribute is { } attribute)
                {
                    writer.Field("attribute", attribute);
                }

                break;
            case BrowserCaptureSource.Url:
                writer.Field("url", true);
                break;
            default:
                writer.Field("title", true);
                break;
        }

        if (capture.Pattern is { } pattern)
        {
            writer.Field("regex", pattern);
        }

        writer.EndMapping();
        writer.EndMapping();
    }

    private static void WriteTimeout(Writer writer, BrowserAction action)
    {
        if (action.Timeout is { } timeout)
        {
            writer.Field("timeout", DurationText.Format(timeout));
        }
    }
}

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>Reads the value of a step's <c>websocket:</c> key.</summary>
internal static class WebSocketStepReader
{
    public static WebSocketStep? Read(SourceNode node, string path, PlanReadContext context)
    {
        context.Problems.Add(path, node, "websocket steps are not supported yet");
        return null;
    }
}

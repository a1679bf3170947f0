namespace ServerlessLoad.Core.Plans;

internal static partial class PlanYamlWriter
{
    /// <summary>The plan's <c>load:</c> in the weight form it was read in; reading it back gives the same shares.</summary>
    private static void WriteSharedLoad(Writer writer, Scenario load)
    {
        writer.Key("load");
        writer.StartMapping();
        writer.Field("executor", load.Executor);
        WriteLoadModel(writer, load);
        writer.Field("startTime", DurationText.Format(load.StartTime));
        if (load.GracefulStop != Scenario.DefaultGracefulStop)
        {
            writer.Field("gracefulStop", DurationText.Format(load.GracefulStop));
        }

        writer.EndMapping();
    }
}

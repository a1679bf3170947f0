namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Reads the plan-level <c>load:</c> that weighted scenarios share: an executor with exactly the load fields a
/// scenario's executor takes, plus startTime and gracefulStop. Returns it as a scenario without name or work.
/// </summary>
internal static class SharedLoadReader
{
    public const string Field = "load";

    /// <summary>The fields of <c>load:</c>, which a weighted scenario may not set itself.</summary>
    public static readonly IReadOnlyList<string> FieldNames = ["executor", .. LoadModelReader.FieldNames, "startTime", "gracefulStop"];

    public static Scenario? Read(SourceNode node, PlanReadContext context)
    {
        var problems = context.Problems;
        if (Values.Mapping(node, Field, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, Field, FieldNames, problems);
        var executor = ScenarioReader.ReadExecutor(fields, problems);
        var model = LoadModelReader.Read(fields, executor, context);
        var startTime = ScenarioReader.OptionalDuration(fields, "startTime", allowZero: true, ScenarioReader.MaxDuration, TimeSpan.Zero, problems);
        var gracefulStop = ScenarioReader.OptionalDuration(fields, "gracefulStop", allowZero: true, ScenarioReader.MaxDuration, Scenario.DefaultGracefulStop, problems);
        if (problems.Count > before || executor is null || model is null || startTime is null || gracefulStop is null)
        {
            return null;
        }

        return model with { Executor = executor, StartTime = startTime.Value, GracefulStop = gracefulStop.Value };
    }
}

namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Reads the fields of a scenario that belong to its executor (how many VUs, iterations, arrivals, for how long),
/// rejecting fields of other executors and values that would make no sense to run. Returns a scenario carrying only
/// these fields (name and requests are filled in by <see cref="ScenarioReader"/>).
/// </summary>
internal static class LoadModelReader
{
    public const int MaxIterations = 1_000_000_000;

    public const int MaxRate = 10_000_000;

    /// <summary>Arrivals per second above this are beyond any single plan's means (rate / timeUnit).</summary>
    public const double MaxRatePerSecond = 10_000_000;

    public static readonly IReadOnlyList<string> FieldNames =
    [
        "vus", "iterations", "duration", "maxDuration", "rate", "startRate", "timeUnit", "preAllocatedVUs", "maxVUs",
        "startVUs", "stages", "connections",
    ];

    /// <summary>Which of <see cref="FieldNames"/> each executor takes; the starred ones it requires.</summary>
    private static readonly Dictionary<string, string[]> FieldsByExecutor = new(StringComparer.Ordinal)
    {
        [Executors.ConstantVus] = ["vus*", "duration*"],
        [Executors.RampingVus] = ["startVUs", "stages*"],
        [Executors.SharedIterations] = ["vus", "iterations", "maxDuration"],
        [Executors.PerVuIterations] = ["vus", "iterations", "maxDuration"],
        [Executors.ConstantArrivalRate] = ["rate*", "timeUnit", "duration*", "preAllocatedVUs*", "maxVUs", "connections"],
        [Executors.RampingArrivalRate] = ["startRate", "timeUnit", "stages*", "preAllocatedVUs*", "maxVUs", "connections"],
    };

    /// <summary>The executor's own fields (all, or only those it requires), in schema order.</summary>
    public static IReadOnlyList<string> FieldsOf(string executor, bool requiredOnly = false) =>
        [.. FieldsByExecutor[executor].Where(f => !requiredOnly || f.EndsWith('*')).Select(f => f.TrimEnd('*'))];

    public static Scenario? Read(KnownFields fields, string? executor, PlanReadContext context)
    {
        var problems = context.Problems;
        var before = problems.Count;
        var accepted = executor is not null && FieldsByExecutor.TryGetValue(executor, out var own) ? own : null;
        if (accepted is not null)
        {
            ReportFieldsOfOtherExecutors(fields, executor!, accepted, problems);
        }

        var values = new FieldValues(fields, executor, accepted, problems);
        var defaults = new Scenario { Name = string.Empty, Requests = [] };
        var preAllocated = values.Integer("preAllocatedVUs", 1, ScenarioReader.MaxVus, defaults.PreAllocatedVus);
        var scenario = defaults with
        {
            Executor = executor ?? Executors.ConstantVus,
            Vus = values.Integer("vus", 1, ScenarioReader.MaxVus, values.Takes("vus") ? 1 : defaults.Vus),
            Iterations = values.Integer("iterations", 1, MaxIterations, values.Takes("iterations") ? 1 : defaults.Iterations),
            Duration = values.Duration("duration", allowZero: false, defaults.Duration),
            MaxDuration = values.Duration("maxDuration", allowZero: false, defaults.MaxDuration),
            Rate = values.Integer("rate", 1, MaxRate, defaults.Rate),
            StartRate = values.Integer("startRate", 0, MaxRate, defaults.StartRate),
            TimeUnit = values.Duration("timeUnit", allowZero: false, defaults.TimeUnit),
            PreAllocatedVus = preAllocated,
            MaxVus = values.Integer("maxVUs", 1, ScenarioReader.MaxVus, values.Takes("maxVUs") ? preAllocated : defaults.MaxVus),
            StartVus = values.Integer("startVUs", 0, ScenarioReader.MaxVus, values.Takes("startVUs") ? 1 : defaults.StartVus),
            Stages = values.Stages(executor == Executors.RampingArrivalRate ? MaxRate : ScenarioReader.MaxVus) ?? defaults.Stages,
            Connections = fields.Has("connections") && values.Takes("connections") ? values.Integer("connections", 1, ScenarioReader.MaxVus, 0) : null,
        };

        if (problems.Count == before && accepted is not null)
        {
            CheckTogether(fields, scenario, context);
        }

        return problems.Count > before || accepted is null ? null : scenario;
    }

    private static void ReportFieldsOfOtherExecutors(KnownFields fields, string executor, string[] accepted, ProblemList problems)
    {
        foreach (var field in FieldNames)
        {
            if (fields.Key(field) is { } key && !accepted.Any(a => a.TrimEnd('*') == field))
            {
                var users = FieldsByExecutor.Where(kv => kv.Value.Any(a => a.TrimEnd('*') == field)).Select(kv => kv.Key);
                problems.Add(fields.PathOf(field), key, $"does not apply to the {executor} executor (it is a field of {string.Join(", ", users)})");
            }
        }
    }

    /// <summary>Rules between fields, checked once every field is valid on its own.</summary>
    private static void CheckTogether(KnownFields fields, Scenario scenario, PlanReadContext context)
    {
        var problems = context.Problems;
        switch (scenario.Executor)
        {
            case Executors.SharedIterations when scenario.Iterations < scenario.Vus:
                problems.Add(fields.PathOf("iterations"), fields.Value("iterations") ?? fields.Mapping,
                    $"must be at least vus ({scenario.Vus}): every virtual user needs an iteration, found {scenario.Iterations}");
                break;
            case Executors.RampingVus when scenario.StartVus == 0 && scenario.Stages.All(s => s.Target == 0):
                problems.Add(fields.PathOf("stages"), fields.Value("stages")!, "never has a virtual user: startVUs or a stage target must be above 0");
                break;
            case Executors.RampingArrivalRate when scenario.StartRate == 0 && scenario.Stages.All(s => s.Target == 0):
                problems.Add(fields.PathOf("stages"), fields.Value("stages")!, "never starts an iteration: startRate or a stage target must be above 0");
                break;
        }

        if (scenario.IsArrivalRate)
        {
            CheckArrivalRate(fields, scenario, context);
        }
    }

    private static void CheckArrivalRate(KnownFields fields, Scenario scenario, PlanReadContext context)
    {
        var problems = context.Problems;
        var peak = Math.Max(Math.Max(scenario.Rate, scenario.StartRate), scenario.Stages.Count == 0 ? 0 : scenario.Stages.Max(s => s.Target));
        if (peak / scenario.TimeUnit.TotalSeconds > MaxRatePerSecond)
        {
            var field = scenario.Executor == Executors.ConstantArrivalRate ? "rate" : "timeUnit";
            problems.Add(fields.PathOf(field), fields.Value(field) ?? fields.Mapping,
                $"asks for more than {MaxRatePerSecond:#,0} iterations per second (rate / timeUnit)");
        }

        if (scenario.MaxVus < scenario.PreAllocatedVus)
        {
            problems.Add(fields.PathOf("maxVUs"), fields.Value("maxVUs")!, $"must be at least preAllocatedVUs ({scenario.PreAllocatedVus}), found {scenario.MaxVus}");
        }
        else if (context.Slices is { } slices && scenario.MaxVus < slices)
        {
            var field = fields.Has("maxVUs") ? "maxVUs" : "preAllocatedVUs";
            problems.Add(fields.PathOf(field), fields.Value(field)!,
                $"must be at least the plan's slices ({slices}): arrivals are spread over every slice and each needs a VU, found {scenario.MaxVus}");
        }

        if (scenario.Connections is { } connections)
        {
            if (connections > scenario.MaxVus)
            {
                problems.Add(fields.PathOf("connections"), fields.Value("connections")!, $"must be at most maxVUs ({scenario.MaxVus}): a connection serves one VU at a time, found {connections}");
            }
            else if (context.Slices is { } slices && connections < slices)
            {
                problems.Add(fields.PathOf("connections"), fields.Value("connections")!, $"must be at least the plan's slices ({slices}): every slice needs a connection, found {connections}");
            }
        }
    }

    /// <summary>Reads fields by name with the executor's requiredness; a missing optional field gets its fallback.</summary>
    private sealed class FieldValues(KnownFields fields, string? executor, string[]? accepted, ProblemList problems)
    {
        public int Integer(string field, int min, int max, int fallback)
        {
            var node = Node(field);
            return node is null ? fallback : Values.Integer(node, fields.PathOf(field), min, max, problems) ?? fallback;
        }

        public TimeSpan Duration(string field, bool allowZero, TimeSpan fallback)
        {
            var node = Node(field);
            return node is null ? fallback : Values.Duration(node, fields.PathOf(field), allowZero, ScenarioReader.MaxDuration, problems) ?? fallback;
        }

        public IReadOnlyList<Stage>? Stages(int maxTarget)
        {
            var node = Node("stages");
            return node is null ? null : StagesReader.Read(node, fields.PathOf("stages"), maxTarget, problems);
        }

        /// <summary>Whether the executor takes the field (with an unknown executor: whether it is there).</summary>
        public bool Takes(string field) =>
            accepted is null ? fields.Has(field) : accepted.Contains(field, StringComparer.Ordinal) || accepted.Contains(field + "*", StringComparer.Ordinal);

        /// <summary>The field's value when this executor takes it; "required" when it needs it and it is missing.</summary>
        private SourceNode? Node(string field)
        {
            if (accepted is null)
            {
                // Unknown executor: check the types of whatever is there, require nothing.
                return fields.Value(field);
            }

            if (accepted.Contains(field + "*", StringComparer.Ordinal) && !fields.Has(field))
            {
                problems.Add(fields.PathOf(field), fields.Mapping, $"is required by the {executor} executor");
                return null;
            }

            return accepted.Contains(field, StringComparer.Ordinal) || accepted.Contains(field + "*", StringComparer.Ordinal) ? fields.Value(field) : null;
        }
    }
}

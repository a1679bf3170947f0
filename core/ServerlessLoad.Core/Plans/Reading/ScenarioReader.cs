namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Reads one entry of <c>scenarios:</c>: its name, executor and load model (or a weight: its share of the plan's
/// <c>load:</c>, filled in by <see cref="WeightedScenarios"/>), connection options and requests or steps.
/// </summary>
internal static class ScenarioReader
{
    public const int MaxVus = 100_000;

    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    public static readonly TimeSpan MaxThinkTime = TimeSpan.FromHours(1);

    /// <summary>Fields every executor accepts.</summary>
    public static readonly IReadOnlyList<string> CommonFieldNames =
    [
        "name", "executor", "startTime", "gracefulStop", "thinkTime", "httpVersion", "streamsPerConnection", "insecureSkipTLSVerify",
        "newConnectionPerIteration", "cookies", "requests", "steps", "data",
    ];

    /// <summary>The most requests one HTTP/2 connection may carry at once (servers allow around 100 to 128).</summary>
    public const int MaxStreamsPerConnection = 10_000;

    /// <summary>Share of the plan's <c>load:</c> a scenario takes instead of its own executor (Locust-style user classes).</summary>
    public const int MaxWeight = 10_000;

    public static readonly IReadOnlyList<string> FieldNames = [.. CommonFieldNames, .. LoadModelReader.FieldNames, "weight"];

    public static Scenario? Read(SourceNode node, string path, PlanReadContext context)
    {
        var problems = context.Problems;
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, FieldNames, problems);
        var name = ReadName(fields, problems);
        var weight = fields.Value("weight") is { } weightNode ? Values.Integer(weightNode, fields.PathOf("weight"), 1, MaxWeight, problems) : null;
        var (executor, model, startTime, gracefulStop) = fields.Has("weight") ? WeightedLoadModel(fields, problems) : OwnLoadModel(fields, context);
        var thinkTime = fields.Value("thinkTime") is { } thinkNode
            ? ThinkTimeReader.Read(thinkNode, fields.PathOf("thinkTime"), MaxThinkTime, problems)
            : ThinkTime.None;
        var httpVersion = ReadHttpVersion(fields, problems);
        var streams = ReadStreamsPerConnection(fields, httpVersion, problems);
        var insecure = OptionalBoolean(fields, "insecureSkipTLSVerify", problems);
        var newConnection = OptionalBoolean(fields, "newConnectionPerIteration", problems);
        var cookies = OptionalBoolean(fields, "cookies", problems);
        var (requests, steps, data) = ReadWork(fields, context);

        if (problems.Count > before || name is null || executor is null || model is null || startTime is null || gracefulStop is null
            || thinkTime is null || httpVersion is null || insecure is null || newConnection is null || cookies is null || requests is null
            || steps is null || data is null)
        {
            return null;
        }

        return model with
        {
            Name = name,
            Executor = executor,
            StartTime = startTime.Value,
            GracefulStop = gracefulStop.Value,
            ThinkTime = thinkTime,
            HttpVersion = httpVersion,
            StreamsPerConnection = streams,
            InsecureSkipTlsVerify = insecure.Value,
            NewConnectionPerIteration = newConnection.Value,
            Cookies = cookies.Value,
            Requests = requests,
            Steps = steps,
            Data = data,
            Weight = weight,
        };
    }

    /// <summary>The scenario's own executor and load fields.</summary>
    private static (string? Executor, Scenario? Model, TimeSpan? StartTime, TimeSpan? GracefulStop) OwnLoadModel(KnownFields fields, PlanReadContext context)
    {
        var problems = context.Problems;
        var executor = ReadExecutor(fields, problems);
        var model = LoadModelReader.Read(fields, executor, context);
        var startTime = OptionalDuration(fields, "startTime", allowZero: true, MaxDuration, TimeSpan.Zero, problems);
        var gracefulStop = OptionalDuration(fields, "gracefulStop", allowZero: true, MaxDuration, Scenario.DefaultGracefulStop, problems);
        return (executor, model, startTime, gracefulStop);
    }

    /// <summary>
    /// A weighted scenario takes every load field from the plan's <c>load:</c> (the plan reader fills in its share), so
    /// setting one here is a problem; it carries the defaults until then.
    /// </summary>
    private static (string? Executor, Scenario? Model, TimeSpan? StartTime, TimeSpan? GracefulStop) WeightedLoadModel(KnownFields fields, ProblemList problems)
    {
        foreach (var field in SharedLoadReader.FieldNames)
        {
            if (fields.Key(field) is { } key)
            {
                problems.Add(fields.PathOf(field), key,
                    $"a scenario with a weight takes '{field}' from the plan's 'load:'; set it there, or drop 'weight' to give this scenario its own executor");
            }
        }

        var defaults = new Scenario { Name = string.Empty, Requests = [] };
        return (defaults.Executor, defaults, defaults.StartTime, defaults.GracefulStop);
    }

    /// <summary>Exactly one of requests (picked by weight) or steps (run in order, reading the data sources).</summary>
    private static (IReadOnlyList<RequestSpec>? Requests, IReadOnlyList<Step>? Steps, IReadOnlyList<DataSource>? Data) ReadWork(KnownFields fields, PlanReadContext context)
    {
        var problems = context.Problems;
        var requestsKey = fields.Key("requests");
        var stepsKey = fields.Key("steps");
        if (requestsKey is not null && stepsKey is not null)
        {
            problems.Add(fields.PathOf("steps"), stepsKey, "set either 'requests' (each iteration picks one by weight) or 'steps' (each iteration runs them all in order), not both");
            return (null, null, null);
        }

        if (requestsKey is null && stepsKey is null)
        {
            problems.Add(fields.PathOf("requests"), fields.Mapping, "is required (or 'steps' for a scenario whose iterations run several steps in order)");
            return (null, null, null);
        }

        if (requestsKey is not null)
        {
            if (fields.Key("data") is { } dataKey)
            {
                problems.Add(fields.PathOf("data"), dataKey, "data sources feed the templates of 'steps'; a scenario with 'requests' cannot use them");
                return (null, null, null);
            }

            return (ReadRequests(fields, context), [], []);
        }

        IReadOnlyList<DataSource>? data = fields.Value("data") is { } dataNode ? DataSourceReader.ReadAll(dataNode, fields.PathOf("data"), context) : [];
        var steps = StepsReader.ReadAll(fields.Value("steps")!, fields.PathOf("steps"), context, data);
        return ([], steps, data);
    }

    public static TimeSpan? OptionalDuration(KnownFields fields, string field, bool allowZero, TimeSpan max, TimeSpan fallback, ProblemList problems) =>
        fields.Value(field) is { } node ? Values.Duration(node, fields.PathOf(field), allowZero, max, problems) : fallback;

    private static string? ReadName(KnownFields fields, ProblemList problems)
    {
        if (fields.Required("name", problems) is not { } node || Values.Text(node, fields.PathOf("name"), problems) is not { } text)
        {
            return null;
        }

        if (PlanNames.IsValidName(text))
        {
            return text;
        }

        problems.Add(fields.PathOf("name"), node, $"scenario name {PlanNames.NameRule}");
        return null;
    }

    /// <summary>The executor's name; an unknown one is reported and still returned, so its fields are type-checked.</summary>
    public static string? ReadExecutor(KnownFields fields, ProblemList problems)
    {
        if (fields.Value("executor") is not { } node)
        {
            return Executors.ConstantVus;
        }

        if (Values.Text(node, fields.PathOf("executor"), problems) is not { } text)
        {
            return null;
        }

        if (!Executors.All.Contains(text, StringComparer.Ordinal))
        {
            problems.Add(fields.PathOf("executor"), node,
                $"unknown executor '{SourceScalar.Shorten(text)}'{ClosestName.Hint(text, Executors.All)} (known: {string.Join(", ", Executors.All)})");
        }

        return text;
    }

    private static string? ReadHttpVersion(KnownFields fields, ProblemList problems)
    {
        if (fields.Value("httpVersion") is not { } node)
        {
            return HttpVersions.Http11;
        }

        var version = Values.Text(node, fields.PathOf("httpVersion"), problems) switch
        {
            null => null,
            "1.1" => HttpVersions.Http11,
            "2" or "2.0" => HttpVersions.Http2,
            var other => Unknown(other),
        };
        return version;

        string? Unknown(string text)
        {
            problems.Add(fields.PathOf("httpVersion"), node, $"must be \"1.1\" or \"2\", found {SourceScalar.Shorten(text)}");
            return null;
        }
    }

    /// <summary>HTTP/2's streams per connection; a problem with any other version, where a connection carries one request at a time.</summary>
    private static int? ReadStreamsPerConnection(KnownFields fields, string? httpVersion, ProblemList problems)
    {
        if (fields.Value("streamsPerConnection") is not { } node)
        {
            return null;
        }

        var streams = Values.Integer(node, fields.PathOf("streamsPerConnection"), 1, MaxStreamsPerConnection, problems);
        if (streams is not null && httpVersion == HttpVersions.Http11)
        {
            problems.Add(fields.PathOf("streamsPerConnection"), node,
                "applies to HTTP/2 only (an HTTP/1.1 connection carries one request at a time): set httpVersion: \"2\" or drop it");
            return null;
        }

        return streams;
    }

    private static bool? OptionalBoolean(KnownFields fields, string field, ProblemList problems)
    {
        if (fields.Value(field) is not { } node)
        {
            return false;
        }

        if (node is SourceScalar { Kind: ScalarKind.Boolean } scalar)
        {
            return ScalarResolver.IsTrue(scalar.Text);
        }

        Values.Expected(node, fields.PathOf(field), "true or false", problems);
        return null;
    }

    private static List<RequestSpec>? ReadRequests(KnownFields fields, PlanReadContext context)
    {
        var problems = context.Problems;
        var path = fields.PathOf("requests");
        if (fields.Required("requests", problems) is not { } node || Values.Sequence(node, path, problems) is not { } sequence)
        {
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            problems.Add(path, sequence, "must list at least one request");
            return null;
        }

        var requests = new List<RequestSpec>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (RequestReader.Read(sequence.Items[i], FieldPath.Item(path, i), context) is { } request)
            {
                requests.Add(request);
            }
        }

        return requests.Count == sequence.Items.Count ? requests : null;
    }
}

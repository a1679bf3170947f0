using System.Text.Json;

namespace ServerlessLoad.Cli.Stack;

/// <summary>
/// What `sload up` runs, persisted in .sload/stack.json: the supervisor that keeps the stack alive and the processes it
/// started (PIDs, restarts), so `sload status` can show them and `sload down` can stop exactly those.
/// </summary>
internal sealed record StackState
{
    public const string FileName = "stack.json";

    /// <summary>The supervisor is starting the processes; the API and runners are not all up yet.</summary>
    public const string Starting = "starting";

    public const string Ready = "ready";

    public const string Stopping = "stopping";

    /// <summary>The supervisor could not start the stack; <see cref="Problem"/> says why.</summary>
    public const string Failed = "failed";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public required string ApiUrl { get; init; }

    public required string StorageConnectionString { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The process keeping the stack alive; 0 for a stack nobody supervises (tests that start processes themselves).</summary>
    public int SupervisorPid { get; init; }

    public string State { get; init; } = Ready;

    public string? Problem { get; init; }

    /// <summary>How runners run: <c>pool</c> (long-lived, restarted when they die) or <c>jobs</c> (one per queued slice).</summary>
    public string RunnerMode { get; init; } = Storage.Pipeline.RunnerModes.Pool;

    public IReadOnlyList<StackProcess> Processes { get; init; } = [];

    public static StackState? Load(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StackState>(File.ReadAllText(path), Options);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    public void Save(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Options));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static void Delete(string stateDirectory) => File.Delete(Path.Combine(stateDirectory, FileName));
}

/// <summary>
/// One supervised process: its role (azurite, functions, runner-1...), current PID, log file, a marker of its command
/// line (so a PID reused by another program is never signalled), how often it was restarted and its state.
/// </summary>
internal sealed record StackProcess(string Role, int Pid, string Log, string Marker)
{
    public const string Running = "running";

    public const string Restarting = "restarting";

    public int Restarts { get; init; }

    public string State { get; init; } = Running;

    public DateTimeOffset? StartedAt { get; init; }
}

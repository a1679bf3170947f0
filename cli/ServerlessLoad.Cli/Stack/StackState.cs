using System.Text.Json;

namespace ServerlessLoad.Cli.Stack;

/// <summary>
/// What `sload up` runs, persisted in .sload/stack.json: the supervisor that keeps the stack alive and the processes it
/// started (PIDs, restarts), so `sload status` can show them and `sload down` can stop exactly those; and the API's key
/// (<see cref="ApiKey"/>), which the CLI sends with every call. Only its owner may read the file (0600), and the state
/// directory that also holds Azurite's data and the logs is the owner's alone (0700).
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

    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public required string ApiUrl { get; init; }

    public required string StorageConnectionString { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The process keeping the stack alive; 0 for a stack nobody supervises (tests that start processes themselves).</summary>
    public int SupervisorPid { get; init; }

    public string State { get; init; } = Ready;

    public string? Problem { get; init; }

    public IReadOnlyList<StackProcess> Processes { get; init; } = [];

    /// <summary>The local functions host's key; null for a host started without one.</summary>
    public string? ApiKey { get; init; }

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
        CreatePrivateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, FileName);
        File.Delete(path + ".tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var file = new FileStream(path + ".tmp", options))
        {
            JsonSerializer.Serialize(file, this, Options);
        }

        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Creates <paramref name="directory"/> (or closes an existing one) to everyone but its owner.</summary>
    public static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        File.SetUnixFileMode(directory, OwnerOnlyDirectory);
    }

    /// <summary>A new key for the local functions host: 32 random bytes, URL-safe.</summary>
    public static string NewApiKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

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

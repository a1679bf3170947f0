using System.Text.Json;

namespace ServerlessLoad.Cli.Stack;

/// <summary>
/// What `sload up` started, persisted in .sload/stack.json so `sload down` can stop exactly those PIDs, with the API's
/// key (<see cref="ApiKey"/>), which the CLI sends with every call. Only its owner may read the file (0600), and the
/// state directory that also holds Azurite's data and the logs is the owner's alone (0700).
/// </summary>
internal sealed record StackState(string ApiUrl, string StorageConnectionString, DateTimeOffset StartedAt, IReadOnlyList<StackProcess> Processes, string? ApiKey = null)
{
    public const string FileName = "stack.json";

    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

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
        catch (JsonException)
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

/// <summary>One started process: its role (azurite, functions, runner-1...), PID, log file and a marker of its command line.</summary>
internal sealed record StackProcess(string Role, int Pid, string Log, string Marker);

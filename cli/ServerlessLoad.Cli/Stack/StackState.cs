using System.Text.Json;

namespace ServerlessLoad.Cli.Stack;

/// <summary>What `sload up` started, persisted in .sload/stack.json so `sload down` can stop exactly those PIDs.</summary>
internal sealed record StackState(string ApiUrl, string StorageConnectionString, DateTimeOffset StartedAt, IReadOnlyList<StackProcess> Processes)
{
    public const string FileName = "stack.json";

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
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Options));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static void Delete(string stateDirectory) => File.Delete(Path.Combine(stateDirectory, FileName));
}

/// <summary>One started process: its role (azurite, functions, runner-1...), PID, log file and a marker of its command line.</summary>
internal sealed record StackProcess(string Role, int Pid, string Log, string Marker);

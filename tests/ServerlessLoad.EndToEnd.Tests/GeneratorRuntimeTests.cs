using System.Text;
using ServerlessLoad.EndToEnd.Tests.Faults;
using ServerlessLoad.Runner;
using ServerlessLoad.Storage;

namespace ServerlessLoad.EndToEnd.Tests;

/// <summary>A runner started by anything (here: plainly, as a container would) runs with the generator's runtime settings.</summary>
public sealed class GeneratorRuntimeTests
{
    [Fact]
    public async Task A_runner_restarts_itself_in_place_with_the_generator_settings()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Storage that refuses connections: the runner keeps retrying, which is all this test needs of it.
        var settings = new Dictionary<string, string> { ["Sload__StorageConnectionString"] = DevelopmentStorage.ConnectionString(1, 1, 1) };
        await using var runner = PipelineProcess.Start("runner-settings", "ServerlessLoad.Runner", [], settings);

        var environment = new Dictionary<string, string>();
        for (var tries = 0; tries < 150 && !environment.ContainsKey("SLOAD_LOAD_PROCESS"); tries++)
        {
            await Task.Delay(100);
            environment = ReadEnvironment(runner.Pid);
        }

        runner.IsAlive.ShouldBeTrue("the restart keeps the process id: the launcher still tracks it");
        foreach (var (name, value) in GeneratorRuntime.Environment)
        {
            environment.GetValueOrDefault(name).ShouldBe(value, name);
        }
    }

    private static Dictionary<string, string> ReadEnvironment(int pid)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ"))
                .Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(entry => entry.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .GroupBy(pair => pair[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
        }
        catch (IOException)
        {
            return [];
        }
    }
}

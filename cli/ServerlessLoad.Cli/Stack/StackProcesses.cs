using System.Net;
using System.Net.Sockets;
using ServerlessLoad.Storage;

namespace ServerlessLoad.Cli.Stack;

/// <summary>One process of the local stack as the supervisor starts it, and starts it again after it died.</summary>
internal sealed record ProcessSpec(
    string Role,
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string Log,
    string Marker,
    string? ReadyFile = null);

/// <summary>
/// The local stack's processes on ports chosen once (so a restarted process comes back where the others look for it):
/// Azurite from node_modules on loopback with its data on disk, the functions app on its local host, and N runners.
/// </summary>
internal sealed record StackProcesses(string ApiUrl, string StorageConnectionString, string ApiKey, IReadOnlyList<int> StoragePorts, IReadOnlyList<ProcessSpec> All)
{
    public static StackProcesses Plan(CliPaths paths, int runners)
    {
        var (blob, queue, table) = (FreePort(10000), FreePort(10001), FreePort(10002));
        var connection = DevelopmentStorage.ConnectionString(blob, queue, table);
        var apiUrl = $"http://127.0.0.1:{FreePort(7071)}";
        var apiKey = StackState.NewApiKey();
        var dotnet = DotnetHost();
        var specs = new List<ProcessSpec>
        {
            new(
                "azurite",
                "node",
                [
                    paths.AzuriteScript, "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                    "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}",
                    "--location", paths.AzuriteData, "--disableTelemetry", "--skipApiVersionCheck", "--silent",
                ],
                new Dictionary<string, string>(),
                Path.Combine(paths.LogDirectory, "azurite.log"),
                "azurite.js"),
        };

        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = connection,
            ["Sload__StorageConnectionString"] = connection,
            ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
            ["DOTNET_gcServer"] = "0",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };

        // The functions app's [Function] methods, driven by the local host (no Functions host is needed).
        specs.Add(new ProcessSpec(
            "functions",
            dotnet,
            [CliPaths.SiblingAssembly("ServerlessLoad.LocalHost"), "--urls", apiUrl],
            // The key goes to the functions host alone, through its environment (not its command line, which anyone may list).
            new Dictionary<string, string>(environment) { ["Sload__ApiKey"] = apiKey },
            Path.Combine(paths.LogDirectory, "functions.log"),
            "ServerlessLoad.LocalHost.dll"));
        var runner = CliPaths.SiblingAssembly("ServerlessLoad.Runner");
        for (var i = 1; i <= runners; i++)
        {
            var ready = Path.Combine(paths.LogDirectory, $"runner-{i}.ready");
            specs.Add(new ProcessSpec(
                $"runner-{i}",
                dotnet,
                [runner],
                new Dictionary<string, string>(environment) { ["SLOAD_READY_FILE"] = ready },
                Path.Combine(paths.LogDirectory, $"runner-{i}.log"),
                "ServerlessLoad.Runner.dll",
                ready));
        }

        return new StackProcesses(apiUrl, connection, apiKey, [blob, queue, table], specs);
    }

    public static string DotnetHost() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : System.Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    /// <summary>The preferred port when it is free, else any free one.</summary>
    private static int FreePort(int preferred)
    {
        foreach (var candidate in new[] { preferred, 0 })
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, candidate);
                listener.Start();
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("No free TCP port on 127.0.0.1.");
    }
}

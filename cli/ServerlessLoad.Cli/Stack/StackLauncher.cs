using System.Net;
using System.Net.Sockets;
using ServerlessLoad.Storage;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Cli.Stack;

/// <summary>
/// Starts the local stack (Azurite from node_modules on loopback, the functions host, N runners) and stops it by the
/// PIDs it recorded. Everything listens on 127.0.0.1 only.
/// </summary>
internal sealed class StackLauncher(CliPaths paths, Action<string> say)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public async Task<StackState> UpAsync(int runners, CancellationToken ct)
    {
        if (await FindRunningAsync(ct).ConfigureAwait(false) is { } running)
        {
            say($"The stack is already up at {running.ApiUrl}.");
            return running;
        }

        if (!File.Exists(paths.AzuriteScript))
        {
            throw new InvalidOperationException($"Azurite is not installed ({paths.AzuriteScript} is missing); run ./sload, which runs npm ci.");
        }

        StackState.CreatePrivateDirectory(paths.StateDirectory);
        Directory.CreateDirectory(paths.LogDirectory);
        Directory.CreateDirectory(paths.AzuriteData);
        var started = new List<StackProcess>();
        try
        {
            var (blob, queue, table) = (FreePort(10000), FreePort(10001), FreePort(10002));
            var azuriteLog = Path.Combine(paths.LogDirectory, "azurite.log");
            string[] azuriteArgs =
            [
                paths.AzuriteScript, "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}",
                "--location", paths.AzuriteData, "--disableTelemetry", "--skipApiVersionCheck", "--silent",
            ];
            started.Add(new StackProcess("azurite", ProcessControl.StartDetached("node", azuriteArgs, azuriteLog, new Dictionary<string, string>(), paths.RepoRoot), azuriteLog, "azurite.js"));
            var connection = DevelopmentStorage.ConnectionString(blob, queue, table);
            await WaitForPortsAsync([blob, queue, table], azuriteLog, ct).ConfigureAwait(false);
            say($"Azurite on 127.0.0.1:{blob}/{queue}/{table} (data in {paths.AzuriteData})");

            var apiPort = FreePort(7071);
            var apiUrl = $"http://127.0.0.1:{apiPort}";
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
            var apiKey = StackState.NewApiKey();
            var dotnet = DotnetHost();
            // The functions app's [Function] methods, driven by the local host (no Functions host is needed).
            var functions = CliPaths.SiblingAssembly("ServerlessLoad.LocalHost");
            var functionsLog = Path.Combine(paths.LogDirectory, "functions.log");
            // The key goes to the functions host alone, through its environment (not its command line, which anyone may list).
            var functionsEnvironment = new Dictionary<string, string>(environment) { ["Sload__ApiKey"] = apiKey };
            started.Add(new StackProcess("functions", ProcessControl.StartDetached(dotnet, [functions, "--urls", apiUrl], functionsLog, functionsEnvironment, paths.RepoRoot), functionsLog, "ServerlessLoad.LocalHost.dll"));

            var runner = CliPaths.SiblingAssembly("ServerlessLoad.Runner");
            var readyFiles = new List<(string File, string Log)>();
            for (var i = 1; i <= runners; i++)
            {
                var log = Path.Combine(paths.LogDirectory, $"runner-{i}.log");
                var ready = Path.Combine(paths.LogDirectory, $"runner-{i}.ready");
                File.Delete(ready);
                readyFiles.Add((ready, log));
                var runnerEnvironment = new Dictionary<string, string>(environment) { ["SLOAD_READY_FILE"] = ready };
                started.Add(new StackProcess($"runner-{i}", ProcessControl.StartDetached(dotnet, [runner], log, runnerEnvironment, paths.RepoRoot), log, "ServerlessLoad.Runner.dll"));
            }

            var state = new StackState(apiUrl, connection, DateTimeOffset.UtcNow, started, apiKey);
            state.Save(paths.StateDirectory);
            await WaitForHealthAsync(apiUrl, functionsLog, ct).ConfigureAwait(false);

            // A run started before its runners listen would lose the seconds until they do: wait for every runner.
            await WaitForRunnersAsync(readyFiles, ct).ConfigureAwait(false);
            say($"Functions host on {apiUrl}; {runners} runner(s). Logs in {paths.LogDirectory}");
            return state;
        }
        catch
        {
            await StopAsync(started).ConfigureAwait(false);
            StackState.Delete(paths.StateDirectory);
            throw;
        }
    }

    public async Task<bool> DownAsync()
    {
        var state = StackState.Load(paths.StateDirectory);
        if (state is null)
        {
            return false;
        }

        await StopAsync(state.Processes).ConfigureAwait(false);
        StackState.Delete(paths.StateDirectory);
        return true;
    }

    /// <summary>The recorded stack when its API answers; a stale stack.json (processes gone) is cleaned up.</summary>
    public async Task<StackState?> FindRunningAsync(CancellationToken ct)
    {
        var state = StackState.Load(paths.StateDirectory);
        if (state is null)
        {
            return null;
        }

        if (state.Processes.All(p => ProcessControl.IsAlive(p.Pid, p.Marker)) && await IsHealthyAsync(state.ApiUrl, ct).ConfigureAwait(false))
        {
            return state;
        }

        await StopAsync(state.Processes).ConfigureAwait(false);
        StackState.Delete(paths.StateDirectory);
        return null;
    }

    private static async Task StopAsync(IEnumerable<StackProcess> processes)
    {
        // Runners and the host first (they flush to storage), Azurite last.
        var ordered = processes.OrderBy(p => p.Role == "azurite" ? 1 : 0).ToList();
        await Task.WhenAll(ordered.Where(p => p.Role != "azurite").Select(p => ProcessControl.StopAsync(p.Pid, p.Marker, TimeSpan.FromSeconds(10)))).ConfigureAwait(false);
        await Task.WhenAll(ordered.Where(p => p.Role == "azurite").Select(p => ProcessControl.StopAsync(p.Pid, p.Marker, TimeSpan.FromSeconds(5)))).ConfigureAwait(false);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
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

    private static async Task WaitForPortsAsync(int[] ports, string log, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        foreach (var port in ports)
        {
            while (true)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, ct).ConfigureAwait(false);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100, ct).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    throw new InvalidOperationException($"Azurite did not open port {port} within {StartTimeout.TotalSeconds} s; see {log}.");
                }
            }
        }
    }

    private static async Task WaitForRunnersAsync(List<(string File, string Log)> readyFiles, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        foreach (var (file, log) in readyFiles)
        {
            while (!File.Exists(file))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"A runner did not start within {StartTimeout.TotalSeconds} s; see {log}.");
                }

                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task WaitForHealthAsync(string apiUrl, string log, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await IsHealthyAsync(apiUrl, ct).ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The functions host did not answer {apiUrl}/healthz within {StartTimeout.TotalSeconds} s; see {log}.");
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    private static async Task<bool> IsHealthyAsync(string apiUrl, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await client.GetAsync(new Uri($"{apiUrl}/healthz"), ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}

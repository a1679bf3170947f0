using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ServerlessLoad.Cli.Stack;
using ServerlessLoad.Core.Runs;
using ServerlessLoad.Storage.Pipeline;
using ServerlessLoad.Testing;
using Xunit.Abstractions;

namespace ServerlessLoad.EndToEnd.Tests.Faults;

/// <summary>
/// The pipeline as real processes the fault tests can hurt one by one: Azurite with its data on disk (so it can be
/// stopped and started again), one functions host and a pool of runners started from this build, with short leases
/// (6 s) and a fast watchdog (every second) so takeovers and lost slices happen within seconds. A stack.json in its own state
/// directory lets the real `sload` CLI talk to it.
/// </summary>
public sealed partial class FaultStack : IAsyncLifetime
{
    public const double VisibilityTimeoutSeconds = 6;

    private readonly List<PipelineProcess> runners = [];

    public PersistentAzuriteFixture Azurite { get; } = new();

    public PipelineStore Store { get; private set; } = null!;

    public PipelineProcess Functions { get; private set; } = null!;

    /// <summary>The functions host's key, as `sload up` would generate it.</summary>
    public string ApiKey { get; } = StackState.NewApiKey();

    public HttpClient Api { get; private set; } = null!;

    public string StateDirectory { get; } = Directory.CreateTempSubdirectory("sload-faults-").FullName;

    internal CliProcess Cli => new(RepoPaths.RepoRoot, StateDirectory);

    public IReadOnlyList<PipelineProcess> Runners => runners;

    /// <summary>Settings every process gets; runners may add or override some.</summary>
    public IReadOnlyDictionary<string, string> CommonSettings => new Dictionary<string, string>
    {
        ["AzureWebJobsStorage"] = Azurite.ConnectionString,
        ["Sload__StorageConnectionString"] = Azurite.ConnectionString,
        ["Sload__VisibilityTimeoutSeconds"] = VisibilityTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sload__WatchdogCron"] = "* * * * * *",
        // A busy test machine may take more than a second to hand a new run's slices to runners; the fault tests are
        // about what happens later, not about a late start.
        ["Sload__LeadTimeSeconds"] = "3",
        ["Sload__MaxPollingIntervalSeconds"] = "0.25",
        ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.250",
    };

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        Store = new PipelineStore(ServerlessLoad.Storage.StorageClients.FromConnectionString(Azurite.ConnectionString, retry => retry.MaxRetries = 1));
        await Store.EnsureCreatedAsync();
        await StartFunctionsAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var runner in runners)
        {
            await runner.DisposeAsync();
        }

        if (Functions is not null)
        {
            await Functions.DisposeAsync();
        }

        Api?.Dispose();
        Azurite.Dispose();
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Starts the functions host (again) on a fresh port and points stack.json at it.</summary>
    public async Task StartFunctionsAsync()
    {
        var url = $"http://127.0.0.1:{TestPorts.GetFree()}";
        Functions = PipelineProcess.Start("functions", "ServerlessLoad.LocalHost", ["--urls", url], new Dictionary<string, string>(CommonSettings) { ["Sload__ApiKey"] = ApiKey });
        Api?.Dispose();
        Api = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Add("x-functions-key", ApiKey);
        await WaitUntilAsync(async () => await IsHealthyAsync(), TimeSpan.FromSeconds(60), () => $"the functions host did not answer /healthz\n{Functions.Tracker.OutputSummary}");

        // An unsupervised stack: the tests start, kill and restart its processes themselves.
        new StackState
        {
            ApiUrl = url,
            StorageConnectionString = Azurite.ConnectionString,
            StartedAt = DateTimeOffset.UtcNow,
            Processes = [new StackProcess("functions", Functions.Pid, "", "ServerlessLoad.LocalHost.dll")],
            ApiKey = ApiKey,
        }.Save(StateDirectory);
    }

    /// <summary>
    /// Makes the pool exactly <paramref name="count"/> live runners started with <paramref name="settings"/> (on top of
    /// the common ones), reusing the current pool when it already is.
    /// </summary>
    public async Task<IReadOnlyList<PipelineProcess>> UseRunnersAsync(int count, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(CommonSettings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var wanted = PipelineProcess.KeyOf(all);
        if (runners.Count == count && runners.All(r => r.IsAlive && r.SettingsKey == wanted))
        {
            return runners;
        }

        await StopRunnersAsync();
        var started = Enumerable.Range(0, count).Select(i => PipelineProcess.Start($"runner-{i + 1}", "ServerlessLoad.Runner", [], all)).ToList();
        runners.AddRange(started);
        foreach (var runner in started)
        {
            if (!await runner.Tracker.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(60)))
            {
                throw new InvalidOperationException($"A runner did not start.\n{runner.Tracker.OutputSummary}");
            }
        }

        return runners;
    }

    public async Task StopRunnersAsync()
    {
        await Task.WhenAll(runners.Select(r => r.Tracker.StopAsync(TimeSpan.FromSeconds(10))));
        foreach (var runner in runners)
        {
            await runner.DisposeAsync();
        }

        runners.Clear();
    }

    /// <summary>The runner process whose id a slice row names.</summary>
    public PipelineProcess RunnerHolding(SliceRecord slice) =>
        runners.Single(r => r.RunnerId == slice.Runner);

    public async Task<string> SubmitAsync(string planYaml)
    {
        using var content = new StringContent(planYaml, Encoding.UTF8, "application/yaml");
        using var response = await Api.PostAsync(new Uri("/api/runs", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("runId").GetString()!;
    }

    public async Task<JsonElement?> GetRunAsync(string runId)
    {
        try
        {
            using var response = await Api.GetAsync(new Uri($"/api/runs/{runId}", UriKind.Relative));
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public async Task<ReportView> ReportAsync(string runId) =>
        ReportView.Parse(await Api.GetStringAsync(new Uri($"/api/runs/{runId}/artifacts/report.json", UriKind.Relative)));

    public string Logs()
    {
        var text = new StringBuilder();
        foreach (var process in runners.Prepend(Functions))
        {
            text.Append("--- ").Append(process.Role).Append(" (pid ").Append(process.Pid).Append(") ---\n");
            text.Append(string.Join('\n', process.Tracker.StandardOutput.Split('\n').TakeLast(60))).Append('\n');
            text.Append(string.Join('\n', process.Tracker.StandardError.Split('\n').TakeLast(20))).Append('\n');
        }

        return text.ToString();
    }

    public void WriteLogs(ITestOutputHelper output) => output.WriteLine(Logs());

    public static async Task<T?> TryAsync<T>(Func<Task<T?>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (ServerlessLoad.Storage.StorageFailure.IsUnavailable(e, CancellationToken.None))
        {
            return null;
        }
    }

    private async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await Api.GetAsync(new Uri("/healthz", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}

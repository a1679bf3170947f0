using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ServerlessLoad.Cli.Stack;

/// <summary>
/// Keeps the local stack alive the way a container platform keeps containers alive: it starts Azurite, the functions
/// host and the runners, restarts any that exits (after 1 s, doubling to 30 s while it keeps dying young), logs every
/// restart, and records PIDs, restarts and states in stack.json for `sload status`. A process dying is never a reason
/// to stop the others; only a stop request (SIGTERM, from `sload down`) stops the stack, runners and host first.
/// </summary>
internal sealed class StackSupervisor(CliPaths paths, int runners, Action<string> log)
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>A process that ran this long before dying is restarted after the first backoff again.</summary>
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<Child> children = [];
    private StackState state = null!;

    public async Task<int> RunAsync(CancellationToken stop)
    {
        StackState.CreatePrivateDirectory(paths.StateDirectory);
        Directory.CreateDirectory(paths.LogDirectory);
        Directory.CreateDirectory(paths.AzuriteData);
        var plan = StackProcesses.Plan(paths, runners);
        state = new StackState
        {
            ApiUrl = plan.ApiUrl,
            StorageConnectionString = plan.StorageConnectionString,
            ApiKey = plan.ApiKey,
            StartedAt = DateTimeOffset.UtcNow,
            SupervisorPid = Environment.ProcessId,
            State = StackState.Starting,
        };
        try
        {
            try
            {
                await StartAsync(plan, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                log($"The stack did not start: {e.Message}");
                Save(state with { State = StackState.Failed, Problem = e.Message });
                return 1;
            }

            await SuperviseAsync(stop).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            await StopAllAsync().ConfigureAwait(false);
            if (state.State != StackState.Failed)
            {
                StackState.Delete(paths.StateDirectory);
            }
        }
    }

    private async Task StartAsync(StackProcesses plan, CancellationToken ct)
    {
        var azurite = plan.All[0];
        Start(new Child(azurite));
        await WaitForPortsAsync(plan.StoragePorts, azurite.Log, ct).ConfigureAwait(false);
        log($"Azurite on 127.0.0.1:{string.Join('/', plan.StoragePorts)} (data in {paths.AzuriteData})");
        foreach (var spec in plan.All.Skip(1))
        {
            if (spec.ReadyFile is { } ready)
            {
                File.Delete(ready);
            }

            Start(new Child(spec));
        }

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await StackHealth.IsHealthyAsync(plan.ApiUrl, ct).ConfigureAwait(false))
        {
            Fail(DateTime.UtcNow > deadline, $"the functions host did not answer {plan.ApiUrl}/healthz within {StartTimeout.TotalSeconds} s; see {plan.All[1].Log}");
            await Task.Delay(200, ct).ConfigureAwait(false);
        }

        // A run submitted before the runners listen would lose its first seconds: ready means every runner listens.
        foreach (var runner in plan.All.Where(s => s.ReadyFile is not null))
        {
            while (!File.Exists(runner.ReadyFile))
            {
                Fail(DateTime.UtcNow > deadline, $"{runner.Role} did not start within {StartTimeout.TotalSeconds} s; see {runner.Log}");
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }

        log($"Functions host on {plan.ApiUrl}; {runners} runner(s). Logs in {paths.LogDirectory}");
        Save(state with { State = StackState.Ready });
    }

    private async Task SuperviseAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(CheckEvery, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var changed = false;
            var now = DateTimeOffset.UtcNow;
            foreach (var child in children)
            {
                if (child.Process is { HasExited: true } exited)
                {
                    var ran = now - child.StartedAt;
                    child.Backoff = ran >= StableAfter ? FirstBackoff : Next(child.Backoff);
                    child.RestartAt = now + child.Backoff;
                    log($"{child.Spec.Role} (pid {exited.Id}) exited with code {ExitCode(exited)} after {ran.TotalSeconds:0.#} s; restarting it in {child.Backoff.TotalSeconds:0} s.");
                    exited.Dispose();
                    child.Process = null;
                    changed = true;
                }
                else if (child.Process is null && child.RestartAt <= now)
                {
                    child.Restarts++;
                    Start(child);
                    log($"{child.Spec.Role} restarted (pid {child.Process!.Id}, restart {child.Restarts}).");
                    changed = true;
                }
            }

            if (changed)
            {
                Save(state);
            }
        }
    }

    private void Start(Child child)
    {
        var spec = child.Spec;
        child.Process = ProcessControl.StartChild(spec.FileName, spec.Arguments, spec.Log, spec.Environment, paths.RepoRoot);
        child.StartedAt = DateTimeOffset.UtcNow;
        if (!children.Contains(child))
        {
            children.Add(child);
        }

        Save(state);
    }

    /// <summary>Runners and the host first (they flush to storage), Azurite last.</summary>
    private async Task StopAllAsync()
    {
        Save(state with { State = StackState.Stopping });
        var running = children.Where(c => c.Process is { HasExited: false }).ToList();
        await Task.WhenAll(running.Where(c => c.Spec.Role != "azurite").Select(c => ProcessControl.StopAsync(c.Process!.Id, c.Spec.Marker, TimeSpan.FromSeconds(10)))).ConfigureAwait(false);
        await Task.WhenAll(running.Where(c => c.Spec.Role == "azurite").Select(c => ProcessControl.StopAsync(c.Process!.Id, c.Spec.Marker, TimeSpan.FromSeconds(5)))).ConfigureAwait(false);
        foreach (var child in children)
        {
            child.Process?.Dispose();
        }
    }

    private void Save(StackState next)
    {
        state = next with
        {
            Processes = children.Select(c => new StackProcess(c.Spec.Role, c.Process?.Id ?? 0, c.Spec.Log, c.Spec.Marker)
            {
                Restarts = c.Restarts,
                State = c.Process is null ? StackProcess.Restarting : StackProcess.Running,
                StartedAt = c.StartedAt,
            }).ToList(),
        };
        state.Save(paths.StateDirectory);
    }

    private static TimeSpan Next(TimeSpan backoff) =>
        backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));

    private static string ExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }

    private static void Fail(bool condition, string message)
    {
        if (condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static async Task WaitForPortsAsync(IEnumerable<int> ports, string azuriteLog, CancellationToken ct)
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
                catch (SocketException)
                {
                    Fail(DateTime.UtcNow > deadline, $"Azurite did not open port {port} within {StartTimeout.TotalSeconds} s; see {azuriteLog}");
                    await Task.Delay(100, ct).ConfigureAwait(false);
                }
            }
        }
    }

    private sealed class Child(ProcessSpec spec)
    {
        public ProcessSpec Spec { get; } = spec;

        public Process? Process { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public int Restarts { get; set; }

        public TimeSpan Backoff { get; set; }

        public DateTimeOffset RestartAt { get; set; }
    }
}

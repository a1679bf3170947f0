namespace ServerlessLoad.Cli.Stack;

/// <summary>
/// Starts the local stack under a supervisor (`sload supervise`, detached, which starts Azurite, the functions host
/// and the runners and keeps them alive), finds it, and stops it. Everything listens on 127.0.0.1 only. Finding a
/// stack never stops anything: only <see cref="DownAsync"/> does.
/// </summary>
internal sealed class StackLauncher(CliPaths paths, Action<string> say)
{
    public const string SupervisorMarker = "supervise";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);

    /// <summary>How long a command waits for a supervised stack whose host is restarting.</summary>
    private static readonly TimeSpan RestartPatience = TimeSpan.FromSeconds(20);

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

        if (StackState.Load(paths.StateDirectory) is { } recorded)
        {
            if (IsSupervised(recorded) || recorded.Processes.Any(p => ProcessControl.IsAlive(p.Pid, p.Marker)))
            {
                throw new InvalidOperationException(
                    $"A stack recorded in {Path.Combine(paths.StateDirectory, StackState.FileName)} is still running but does not answer; see `sload status`, or stop it with `sload down`.");
            }

            StackState.Delete(paths.StateDirectory);
        }

        Directory.CreateDirectory(paths.LogDirectory);
        var log = Path.Combine(paths.LogDirectory, "supervisor.log");
        var supervisor = ProcessControl.StartDetached(
            StackProcesses.DotnetHost(),
            [typeof(StackLauncher).Assembly.Location, SupervisorMarker, "--runners", runners.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            log,
            new Dictionary<string, string> { ["SLOAD_HOME"] = paths.RepoRoot, ["SLOAD_STATE_DIR"] = paths.StateDirectory },
            paths.RepoRoot);

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            await Task.Delay(200, ct).ConfigureAwait(false);
            var state = StackState.Load(paths.StateDirectory);
            if (state is { State: StackState.Ready })
            {
                say($"Functions host on {state.ApiUrl}; {runners} runner(s), kept alive by the supervisor (pid {supervisor}). Logs in {paths.LogDirectory}");
                return state;
            }

            if (state is { State: StackState.Failed } || !ProcessControl.IsAlive(supervisor, SupervisorMarker) || DateTime.UtcNow > deadline)
            {
                var why = state?.Problem ?? (DateTime.UtcNow > deadline ? $"the stack was not ready within {StartTimeout.TotalSeconds} s" : "the supervisor exited");
                await DownAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"The stack did not start: {why}. See {log}.");
            }
        }
    }

    /// <summary>Stops the supervisor (which stops what it started), then anything recorded that still runs.</summary>
    public async Task<bool> DownAsync()
    {
        var state = StackState.Load(paths.StateDirectory);
        if (state is null)
        {
            return false;
        }

        if (state.SupervisorPid > 0)
        {
            await ProcessControl.StopAsync(state.SupervisorPid, SupervisorMarker, TimeSpan.FromSeconds(45)).ConfigureAwait(false);
        }

        var last = StackState.Load(paths.StateDirectory) ?? state;
        var left = last.Processes.Concat(state.Processes).DistinctBy(p => p.Pid).Where(p => p.Pid > 0).ToList();
        await Task.WhenAll(left.Where(p => p.Role != "azurite").Select(p => ProcessControl.StopAsync(p.Pid, p.Marker, TimeSpan.FromSeconds(10)))).ConfigureAwait(false);
        await Task.WhenAll(left.Where(p => p.Role == "azurite").Select(p => ProcessControl.StopAsync(p.Pid, p.Marker, TimeSpan.FromSeconds(5)))).ConfigureAwait(false);
        StackState.Delete(paths.StateDirectory);
        return true;
    }

    /// <summary>
    /// The recorded stack when its API answers (waiting a little while its supervisor restarts the host); null
    /// otherwise. Nothing is stopped here, whatever state the stack is in.
    /// </summary>
    public async Task<StackState?> FindRunningAsync(CancellationToken ct)
    {
        var state = StackState.Load(paths.StateDirectory);
        if (state is null or { State: StackState.Failed })
        {
            return null;
        }

        var deadline = DateTime.UtcNow + RestartPatience;
        while (true)
        {
            if (state.State == StackState.Ready && await StackHealth.IsHealthyAsync(state.ApiUrl, ct).ConfigureAwait(false))
            {
                return state;
            }

            if (!IsSupervised(state) || DateTime.UtcNow > deadline)
            {
                return null;
            }

            await Task.Delay(500, ct).ConfigureAwait(false);
            state = StackState.Load(paths.StateDirectory);
            if (state is null)
            {
                return null;
            }
        }
    }

    public StackState? Status() => StackState.Load(paths.StateDirectory);

    public static bool IsSupervised(StackState state) =>
        state.SupervisorPid > 0 && ProcessControl.IsAlive(state.SupervisorPid, SupervisorMarker);
}

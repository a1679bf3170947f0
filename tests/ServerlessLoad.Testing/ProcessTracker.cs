using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace ServerlessLoad.Testing;

/// <summary>
/// A child process started for a test: stdout and stderr are captured in memory, and disposing kills the process
/// and its descendants by the PID this tracker started (never by name).
/// </summary>
public sealed class ProcessTracker : IDisposable, IAsyncDisposable
{
    private const int MaxCapturedChars = 1 << 20;

    // Children still running when the test host exits (a crash, an aborted run) are killed rather than orphaned.
    private static readonly ConcurrentDictionary<ProcessTracker, byte> Live = CreateRegistry();

    private readonly Process _process;
    private readonly OutputBuffer _stdout = new();
    private readonly OutputBuffer _stderr = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private ProcessTracker(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    /// <summary>The command line, for messages.</summary>
    public string Description { get; }

    public int Pid { get; private set; }

    public bool HasExited => _exited.Task.IsCompleted;

    public int? ExitCode => HasExited ? _process.ExitCode : null;

    public string StandardOutput => _stdout.Text;

    public string StandardError => _stderr.Text;

    /// <summary>Both streams, labelled, for failure messages.</summary>
    public string OutputSummary => $"--- stdout of {Description} ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";

    public Task Exited => _exited.Task;

    public static ProcessTracker Start(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            startInfo.Environment[name] = value;
        }

        return Start(startInfo);
    }

    public static ProcessTracker Start(ProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        var description = string.Join(' ', new[] { startInfo.FileName }.Concat(startInfo.ArgumentList));
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var tracker = new ProcessTracker(process, description);
        process.OutputDataReceived += (_, e) => tracker._stdout.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => tracker._stderr.AppendLine(e.Data);
        process.Exited += (_, _) => tracker._exited.TrySetResult();
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start {description}.");
        }

        tracker.Pid = process.Id;
        Live.TryAdd(tracker, 0);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tracker;
    }

    /// <summary>Waits until stdout or stderr contains <paramref name="text"/>; false on timeout or when the process exits first.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (StandardOutput.Contains(text, StringComparison.Ordinal) || StandardError.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            if (HasExited)
            {
                return false;
            }

            await Task.Delay(50, ct).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Waits for the process to end on its own; false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_exited.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished != _exited.Task)
        {
            return false;
        }

        // Exited fires before the redirected streams are drained; this waits for the last lines.
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Asks the process to stop (SIGTERM, so it can flush and close) and kills its tree if it is still there after
    /// <paramref name="grace"/>. On Windows it kills at once.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!HasExited && !OperatingSystem.IsWindows() && NativeMethods.Kill(Pid, NativeMethods.SigTerm) == 0
            && await WaitForExitAsync(grace).ConfigureAwait(false))
        {
            return;
        }

        await KillAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the process tree rooted at <see cref="Pid"/> and waits (briefly) for it to go.</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone between the check and the kill.
            }
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Live.TryRemove(this, out _);
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Live.TryRemove(this, out _);
        if (!HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        _process.Dispose();
    }

    private static ConcurrentDictionary<ProcessTracker, byte> CreateRegistry()
    {
        var live = new ConcurrentDictionary<ProcessTracker, byte>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var tracker in live.Keys)
            {
                tracker.Dispose();
            }
        };
        return live;
    }

    /// <summary>Thread-safe text capture that keeps the latest output when a process is chatty.</summary>
    private sealed class OutputBuffer
    {
        private readonly Lock _gate = new();
        private readonly StringBuilder _text = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return _text.ToString();
                }
            }
        }

        public void AppendLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                _text.Append(line).Append('\n');
                if (_text.Length > MaxCapturedChars)
                {
                    _text.Remove(0, _text.Length - MaxCapturedChars);
                }
            }
        }
    }
}

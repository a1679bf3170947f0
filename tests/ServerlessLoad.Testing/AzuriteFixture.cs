using System.Diagnostics;
using ServerlessLoad.Storage;
using Xunit;

namespace ServerlessLoad.Testing;

public enum AzuriteStorageMode
{
    /// <summary>Data lives in the Azurite process only (fast; lost on stop).</summary>
    InMemory,

    /// <summary>Data lives in a temp directory, so it survives <see cref="AzuriteFixture.StopAsync"/>/<see cref="AzuriteFixture.StartAgainAsync"/>.</summary>
    OnDisk,
}

/// <summary>
/// Azurite from the repository's node_modules on three free loopback ports. As an xunit fixture it starts in
/// InitializeAsync and is killed (by its PID, with its children) on dispose, which also deletes its temp directory.
/// </summary>
public class AzuriteFixture : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private const int StartAttempts = 3;

    private readonly AzuriteStorageMode _mode;
    private readonly string _workDirectory;
    private ProcessTracker? _process;
    private StorageClients? _storage;
    private bool _disposed;

    public AzuriteFixture()
        : this(AzuriteStorageMode.InMemory)
    {
    }

    protected AzuriteFixture(AzuriteStorageMode mode)
    {
        _mode = mode;
        RepoRoot = RepoPaths.RepoRoot;
        _workDirectory = Directory.CreateTempSubdirectory("sload-azurite-").FullName;
    }

    public string RepoRoot { get; }

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    public string ConnectionString => DevelopmentStorage.ConnectionString(BlobPort, QueuePort, TablePort);

    public StorageClients Storage => _storage ?? throw new InvalidOperationException("Azurite has not been started.");

    /// <summary>Where Azurite keeps its data in OnDisk mode (null in memory).</summary>
    public string? DataDirectory => _mode == AzuriteStorageMode.OnDisk ? Path.Combine(_workDirectory, "data") : null;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Azurite's captured output so far, for diagnosing a failing test.</summary>
    public string Output => _process?.OutputSummary ?? "";

    /// <summary>Starts a fixture outside xunit's lifetime management; dispose it when done.</summary>
    public static async Task<AzuriteFixture> StartAsync(AzuriteStorageMode mode = AzuriteStorageMode.InMemory)
    {
        var fixture = new AzuriteFixture(mode);
        try
        {
            await fixture.InitializeAsync().ConfigureAwait(false);
            return fixture;
        }
        catch
        {
            fixture.Dispose();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        // Ports picked by binding port 0 can be taken again before Azurite binds them; pick again if that happens.
        for (var attempt = 1; ; attempt++)
        {
            var ports = TestPorts.GetFree(3);
            (BlobPort, QueuePort, TablePort) = (ports[0], ports[1], ports[2]);
            try
            {
                await LaunchAsync().ConfigureAwait(false);
                _storage = StorageClients.FromConnectionString(ConnectionString);
                return;
            }
            catch (AzuriteStartException ex) when (attempt < StartAttempts && ex.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
            }
        }
    }

    /// <summary>
    /// Stops Azurite (an outage). It gets SIGTERM first because it saves its on-disk metadata only every few
    /// seconds and on shutdown; OnDisk data then stays for <see cref="StartAgainAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts Azurite again on the same ports (and, in OnDisk mode, the same data).</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Azurite is still running; call StopAsync first.");
        }

        await LaunchAsync().ConfigureAwait(false);
    }

    public Task DisposeAsync()
    {
        // Nothing to keep at the end: a hard kill is quicker than a graceful stop.
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _process?.Dispose();
        _process = null;
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the OS temp cleaner gets it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task LaunchAsync()
    {
        var (fileName, prefixArguments) = AzuriteCommand();
        var arguments = new List<string>(prefixArguments)
        {
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--disableTelemetry", "--silent", "--skipApiVersionCheck",
        };
        if (DataDirectory is { } data)
        {
            Directory.CreateDirectory(data);
            arguments.AddRange(["--location", data]);
        }
        else
        {
            arguments.Add("--inMemoryPersistence");
        }

        var process = ProcessTracker.Start(fileName, arguments, workingDirectory: _workDirectory);
        _process = process;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                _process = null;
                process.Dispose();
                throw new AzuriteStartException($"Azurite exited with code {process.ExitCode} before listening.\n{process.OutputSummary}");
            }

            if (await TestPorts.AcceptsConnectionsAsync(BlobPort).ConfigureAwait(false)
                && await TestPorts.AcceptsConnectionsAsync(QueuePort).ConfigureAwait(false)
                && await TestPorts.AcceptsConnectionsAsync(TablePort).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        var output = process.OutputSummary;
        _process = null;
        await process.DisposeAsync().ConfigureAwait(false);
        throw new AzuriteStartException(
            $"Azurite did not accept connections on ports {BlobPort}/{QueuePort}/{TablePort} within {StartTimeout.TotalSeconds:0} s.\n{output}");
    }

    private (string FileName, string[] Arguments) AzuriteCommand()
    {
        var script = Path.Combine(RepoRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(script))
        {
            return ("node", [script]);
        }

        var bin = Path.Combine(RepoRoot, "node_modules", ".bin", "azurite");
        if (File.Exists(bin))
        {
            return (bin, []);
        }

        throw new AzuriteStartException($"Azurite is not installed under {Path.Combine(RepoRoot, "node_modules")}; run 'npm ci' in {RepoRoot}.");
    }
}

/// <summary>Azurite kept on disk, for tests that stop and restart it (outages) and expect the data back.</summary>
public sealed class PersistentAzuriteFixture : AzuriteFixture
{
    public PersistentAzuriteFixture()
        : base(AzuriteStorageMode.OnDisk)
    {
    }
}

public sealed class AzuriteStartException : Exception
{
    public AzuriteStartException(string message)
        : base(message)
    {
    }

    public AzuriteStartException()
    {
    }

    public AzuriteStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Cli.Stack;

/// <summary>Where things are: the repository (settings, node_modules), the state directory, the sibling build outputs.</summary>
internal sealed record CliPaths(string RepoRoot, string StateDirectory)
{
    public static CliPaths Discover()
    {
        var root = Environment.GetEnvironmentVariable("SLOAD_HOME") is { Length: > 0 } home
            ? home
            : SettingsLoader.FindRepositoryRoot(AppContext.BaseDirectory) ?? SettingsLoader.FindRepositoryRoot(Directory.GetCurrentDirectory())
              ?? throw new InvalidOperationException("Cannot find the ServerlessLoad checkout (ServerlessLoad.sln); set SLOAD_HOME.");
        var state = Environment.GetEnvironmentVariable("SLOAD_STATE_DIR") is { Length: > 0 } s ? s : Path.Combine(root, ".sload");
        return new CliPaths(Path.GetFullPath(root), Path.GetFullPath(state));
    }

    public string LogDirectory => Path.Combine(StateDirectory, "logs");

    public string AzuriteData => Path.Combine(StateDirectory, "azurite");

    public string AzuriteScript => Path.Combine(RepoRoot, "node_modules", "azurite", "dist", "src", "azurite.js");

    /// <summary>A sibling project's assembly, built into .build/bin/{project}/{configuration}/ like this CLI.</summary>
    public static string SiblingAssembly(string project)
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var pivot = own.Name;
        var path = Path.GetFullPath(Path.Combine(own.FullName, "..", "..", project, pivot, project + ".dll"));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{project} is not built (expected {path}); run ./sload, which builds everything.");
    }
}

namespace ServerlessLoad.Testing;

public static class RepoPaths
{
    private static readonly Lazy<string> Root = new(() => FindRoot(AppContext.BaseDirectory));

    /// <summary>The directory holding ServerlessLoad.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot => Root.Value;

    internal static string FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ServerlessLoad.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ServerlessLoad.sln in '{start}' or any directory above it.");
    }
}

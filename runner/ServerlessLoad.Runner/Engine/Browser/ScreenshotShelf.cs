using System.Globalization;

namespace ServerlessLoad.Runner.Engine.Browser;

/// <summary>
/// Where a slice's screenshots of failed browser steps go, and how many: the first <see cref="PerCategory"/> failures
/// of each category in the slice get one. Names are deterministic (<c>screenshots/{prefix}-{category}-{n}.png</c>, the
/// prefix naming the slice and attempt), so a repeated upload replaces its file instead of adding one.
/// </summary>
/// <param name="prefix">Names the slice (and attempt), e.g. <c>slice-2-attempt-1</c>.</param>
/// <param name="write">Stores a file under the run's artifacts, given its name; may throw when storage is unreachable.</param>
public sealed class ScreenshotShelf(string prefix, Func<string, byte[], CancellationToken, Task> write)
{
    public const int PerCategory = 3;

    public const string Folder = "screenshots/";

    private readonly Dictionary<string, int> taken = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>The name the next screenshot of <paramref name="category"/> takes, or null when the category has its share.</summary>
    public string? Reserve(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        lock (gate)
        {
            var count = taken.GetValueOrDefault(category);
            if (count >= PerCategory)
            {
                return null;
            }

            taken[category] = ++count;
            return string.Create(CultureInfo.InvariantCulture, $"{Folder}{prefix}-{category}-{count}.png");
        }
    }

    /// <summary>Stores a reserved screenshot; false when it could not be stored (the step's failure is recorded anyway).</summary>
    public async Task<bool> StoreAsync(string name, byte[] png, CancellationToken ct)
    {
        try
        {
            await write(name, png, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }
}

using System.Security.Cryptography;
using System.Text;

namespace ServerlessLoad.Testing;

/// <summary>
/// Resource names unique per call and per process, so tests (and test assemblies) sharing one Azurite never collide.
/// Each keeps a readable prefix from the caller.
/// </summary>
public static class TestNames
{
    private static readonly string ProcessTag = RandomNumberGenerator.GetHexString(6, lowercase: true);
    private static int _counter;

    /// <summary>A queue name: lowercase letters, digits and single hyphens.</summary>
    public static string Queue(string prefix = "q") => Dashed(prefix);

    /// <summary>A container name: lowercase letters, digits and single hyphens.</summary>
    public static string Container(string prefix = "c") => Dashed(prefix);

    /// <summary>A table name: letters and digits, starting with a letter.</summary>
    public static string Table(string prefix = "t")
    {
        var clean = new string(prefix.Where(char.IsAsciiLetterOrDigit).Take(30).ToArray());
        if (clean.Length == 0 || !char.IsAsciiLetter(clean[0]))
        {
            clean = "t" + clean;
        }

        return $"{clean}{ProcessTag}{Next()}";
    }

    private static string Dashed(string prefix)
    {
        var builder = new StringBuilder();
        foreach (var c in prefix.ToLowerInvariant())
        {
            var mapped = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-';
            if (mapped == '-' && (builder.Length == 0 || builder[^1] == '-'))
            {
                continue;
            }

            builder.Append(mapped);
            if (builder.Length == 30)
            {
                break;
            }
        }

        var clean = builder.ToString().TrimEnd('-');
        if (clean.Length == 0)
        {
            clean = "x";
        }

        return $"{clean}-{ProcessTag}-{Next()}";
    }

    private static string Next() => Interlocked.Increment(ref _counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

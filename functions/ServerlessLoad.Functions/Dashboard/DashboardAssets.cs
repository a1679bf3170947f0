using System.Security.Cryptography;

namespace ServerlessLoad.Functions.Dashboard;

/// <summary>A file of the dashboard: its bytes, media type and a strong ETag of its content.</summary>
public sealed record DashboardAsset(string Name, byte[] Data, string ContentType, string ETag);

/// <summary>
/// The dashboard's files, embedded in the functions assembly (Dashboard/wwwroot, resource names dashboard/NAME), so
/// the app deploys as it builds: no build step for the page, nothing fetched from elsewhere. Only the names embedded
/// are served; a name is looked up, never turned into a path.
/// </summary>
public static class DashboardAssets
{
    public const string Page = "index.html";

    /// <summary>
    /// The dashboard's own CSP: its script and stylesheet from this origin, fetches to this origin only, nothing inline,
    /// no framing, no plugins, no base or form targets. The API's CSP (no script at all) stays on every other response.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static readonly Lazy<IReadOnlyDictionary<string, DashboardAsset>> Embedded = new(Load);

    public static IReadOnlyDictionary<string, DashboardAsset> All => Embedded.Value;

    public static DashboardAsset? Find(string name) => All.GetValueOrDefault(name);

    private static Dictionary<string, DashboardAsset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("dashboard/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var data = copy.ToArray();
            var name = resource["dashboard/".Length..];
            assets[name] = new DashboardAsset(name, data, ContentTypeOf(name), "\"" + Convert.ToHexStringLower(SHA256.HashData(data))[..16] + "\"");
        }

        return assets;
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}

using System.Globalization;
using System.Xml.Linq;

namespace ServerlessLoad.Storage;

/// <summary>Reads one List Blobs page (EnumerationResults).</summary>
internal static class BlobListXml
{
    public static (IReadOnlyList<BlobItem> Items, string? NextMarker) Parse(string xml)
    {
        var root = XDocument.Parse(xml).Root ?? throw new FormatException("List Blobs returned an empty document.");
        var items = new List<BlobItem>();
        foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
        {
            var properties = blob.Element("Properties");
            var lastModified = properties?.Element("Last-Modified")?.Value;
            items.Add(new BlobItem(
                blob.Element("Name")?.Value ?? "",
                long.TryParse(properties?.Element("Content-Length")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) ? size : 0,
                NullIfEmpty(properties?.Element("Content-Type")?.Value),
                lastModified is null ? default : DateTimeOffset.Parse(lastModified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                QuoteETag(properties?.Element("Etag")?.Value)));
        }

        return (items, NullIfEmpty(root.Element("NextMarker")?.Value));
    }

    internal static string? QuoteETag(string? etag) =>
        string.IsNullOrEmpty(etag) ? null : etag.StartsWith('"') ? etag : $"\"{etag}\"";

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

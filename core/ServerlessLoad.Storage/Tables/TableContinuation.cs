using System.Text;

namespace ServerlessLoad.Storage;

/// <summary>Packs the service's NextPartitionKey/NextRowKey pair into one opaque token and back.</summary>
internal static class TableContinuation
{
    private const char Separator = '\n';

    public static string? Encode(string? nextPartitionKey, string? nextRowKey) =>
        nextPartitionKey is null && nextRowKey is null
            ? null
            : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{nextPartitionKey}{Separator}{nextRowKey}"));

    public static (string? NextPartitionKey, string? NextRowKey) Decode(string token)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw new ArgumentException("The continuation token is not one this client produced.", nameof(token));
        }

        var separator = text.IndexOf(Separator, StringComparison.Ordinal);
        if (separator < 0)
        {
            throw new ArgumentException("The continuation token is not one this client produced.", nameof(token));
        }

        var partition = text[..separator];
        var row = text[(separator + 1)..];
        return (partition.Length == 0 ? null : partition, row.Length == 0 ? null : row);
    }
}

using System.Globalization;
using Azure.Data.Tables;

namespace ServerlessLoad.Storage;

/// <summary>
/// Typed reads of entity properties that accept every way a number can come back (a whole-valued double may be stored
/// as Int32, an Int64 may come as a string), and writes that leave absent values absent.
/// </summary>
public static class EntityValues
{
    public static string? Text(this TableEntity e, string key) =>
        e.TryGetValue(key, out var value) ? value as string ?? value?.ToString() : null;

    public static long? Long(this TableEntity e, string key) =>
        e.TryGetValue(key, out var value)
            ? value switch
            {
                long l => l,
                int i => i,
                double d => (long)d,
                string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            }
            : null;

    public static int? Int(this TableEntity e, string key) => e.Long(key) is { } l ? checked((int)l) : null;

    public static double? Double(this TableEntity e, string key) =>
        e.TryGetValue(key, out var value)
            ? value switch
            {
                double d => d,
                int i => i,
                long l => l,
                string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            }
            : null;

    public static bool? Bool(this TableEntity e, string key) =>
        e.TryGetValue(key, out var value) ? value as bool? : null;

    public static DateTimeOffset? Time(this TableEntity e, string key) =>
        e.TryGetValue(key, out var value)
            ? value switch
            {
                DateTimeOffset t => t,
                DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
                _ => null,
            }
            : null;

    /// <summary>The row's version as the records carry it (null for a row not read from storage).</summary>
    public static string? ETagText(this TableEntity e) => e.ETag == default ? null : e.ETag.ToString();

    /// <summary>Sets the property unless the value is null (a row never stores nulls).</summary>
    public static void SetIfNotNull(this TableEntity e, string key, object? value)
    {
        if (value is not null)
        {
            e[key] = value;
        }
    }
}

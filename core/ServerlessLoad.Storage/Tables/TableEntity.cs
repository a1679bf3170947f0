using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ServerlessLoad.Storage;

/// <summary>
/// A table row: PartitionKey and RowKey plus typed properties (string, int, long, double, bool, DateTimeOffset,
/// Guid, byte[]). The dictionary view holds only the custom properties, never the keys or system properties.
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "An entity is the domain name; the dictionary shape is a convenience.")]
public sealed class TableEntity : IDictionary<string, object?>
{
    private readonly Dictionary<string, object?> _properties = new(StringComparer.Ordinal);

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = StorageNames.ValidateKey(partitionKey, nameof(PartitionKey));
        RowKey = StorageNames.ValidateKey(rowKey, nameof(RowKey));
    }

    public string PartitionKey { get; }

    public string RowKey { get; }

    public string? ETag { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public object? this[string key]
    {
        get => _properties.TryGetValue(key, out var value) ? value : null;
        set => _properties[CheckName(key)] = Normalize(key, value);
    }

    public ICollection<string> Keys => _properties.Keys;

    public ICollection<object?> Values => _properties.Values;

    public int Count => _properties.Count;

    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;

    public string? GetString(string key) => this[key] switch
    {
        null => null,
        string s => s,
        byte[] bytes => Convert.ToBase64String(bytes),
        DateTimeOffset time => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    public long? GetInt64(string key) => this[key] switch
    {
        null => null,
        long l => l,
        int i => i,
        double d when d == Math.Floor(d) && d is >= long.MinValue and <= long.MaxValue => (long)d,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        var other => throw WrongType(key, other, "Int64"),
    };

    public int? GetInt32(string key) => GetInt64(key) switch
    {
        null => null,
        var l and >= int.MinValue and <= int.MaxValue => (int)l,
        var l => throw new InvalidCastException($"Property '{key}' holds {l}, which does not fit in Int32."),
    };

    public double? GetDouble(string key) => this[key] switch
    {
        null => null,
        double d => d,
        long l => l,
        int i => i,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        var other => throw WrongType(key, other, "Double"),
    };

    public bool? GetBoolean(string key) => this[key] switch
    {
        null => null,
        bool b => b,
        string s when bool.TryParse(s, out var parsed) => parsed,
        var other => throw WrongType(key, other, "Boolean"),
    };

    public DateTimeOffset? GetDateTimeOffset(string key) => this[key] switch
    {
        null => null,
        DateTimeOffset time => time,
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        var other => throw WrongType(key, other, "DateTimeOffset"),
    };

    public Guid? GetGuid(string key) => this[key] switch
    {
        null => null,
        Guid guid => guid,
        string s when Guid.TryParse(s, out var parsed) => parsed,
        var other => throw WrongType(key, other, "Guid"),
    };

    public byte[]? GetBinary(string key) => this[key] switch
    {
        null => null,
        byte[] bytes => bytes,
        string s => Convert.FromBase64String(s),
        var other => throw WrongType(key, other, "Binary"),
    };

    public void Add(string key, object? value)
    {
        CheckName(key);
        _properties.Add(key, Normalize(key, value));
    }

    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    public bool Remove(string key) => _properties.Remove(key);

    public bool TryGetValue(string key, out object? value) => _properties.TryGetValue(key, out value);

    public void Clear() => _properties.Clear();

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Contains(item);

    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Remove(item);

    private static string CheckName(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is 0 or > 255)
        {
            throw new ArgumentException($"Property name must be 1-255 characters (was {key.Length}).", nameof(key));
        }

        if (key is "PartitionKey" or "RowKey" or "Timestamp" || key.StartsWith("odata.", StringComparison.Ordinal) || key.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' is a system property name; set keys through the constructor and ETag/Timestamp through their properties.", nameof(key));
        }

        return key;
    }

    private static object? Normalize(string key, object? value) => value switch
    {
        null or string or int or long or double or bool or DateTimeOffset or Guid or byte[] => value,
        DateTime time => new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time),
        float f => (double)f,
        short or byte or sbyte or ushort => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        uint u => (long)u,
        _ => throw new ArgumentException($"Property '{key}' has type {value.GetType().Name}, which tables cannot store.", nameof(value)),
    };

    private static InvalidCastException WrongType(string key, object value, string wanted) =>
        new($"Property '{key}' holds a {value.GetType().Name} that cannot be read as {wanted}.");
}

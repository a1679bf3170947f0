namespace ServerlessLoad.Storage;

/// <summary>The service's naming rules, checked before a request so mistakes fail with a clear message.</summary>
internal static class StorageNames
{
    public static string ValidateQueue(string name) => ValidateLowercaseDashed(name, "queue");

    public static string ValidateContainer(string name) =>
        name is "$root" or "$web" ? name : ValidateLowercaseDashed(name, "container");

    public static string ValidateTable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is < 3 or > 63 || !char.IsAsciiLetter(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException(
                $"Table name '{name}' is invalid: 3-63 ASCII letters or digits, starting with a letter.", nameof(name));
        }

        if (name.Equals("tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("Table name 'tables' is reserved.", nameof(name));
        }

        return name;
    }

    public static string ValidateBlob(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 1024)
        {
            throw new ArgumentException($"Blob name must be 1-1024 characters (was {name.Length}).", nameof(name));
        }

        if (name.EndsWith('.') || name.EndsWith('/') || name.EndsWith('\\') || name.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"Blob name '{name}' is invalid: it may not end with '.', '/' or '\\' nor contain control characters.", nameof(name));
        }

        return name;
    }

    /// <summary>PartitionKey and RowKey: up to 1 KiB, none of '/', '\', '#', '?' or control characters.</summary>
    public static string ValidateKey(string value, string keyName)
    {
        ArgumentNullException.ThrowIfNull(value, keyName);
        if (value.Length > 1024)
        {
            throw new ArgumentException($"{keyName} is longer than 1024 characters.", keyName);
        }

        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException(
                    $"{keyName} '{value}' contains '{(char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString())}', which table keys may not contain.",
                    keyName);
            }
        }

        return value;
    }

    private static string ValidateLowercaseDashed(string name, string kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        var valid = name.Length is >= 3 and <= 63
            && (char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0]))
            && name[^1] != '-'
            && !name.Contains("--", StringComparison.Ordinal)
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
        return valid
            ? name
            : throw new ArgumentException(
                $"The {kind} name '{name}' is invalid: 3-63 lowercase letters, digits or single hyphens, starting with a letter or digit and not ending with a hyphen.",
                nameof(name));
    }
}

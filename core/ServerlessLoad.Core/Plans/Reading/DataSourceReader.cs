namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// Reads a scenario's <c>data:</c>: named sources of rows, each from a CSV file beside the plan (<c>file:</c>, header
/// row first, read through <see cref="PlanParseOptions.ReadDataFile"/>) or inline (<c>values:</c>, scalars in a
/// column named "value", or mappings whose keys are the columns), read in <c>order:</c> sequential or random.
/// </summary>
internal static class DataSourceReader
{
    public const string ValueColumn = "value";

    public const int MaxRows = 1_000_000;

    public static readonly IReadOnlyList<string> FieldNames = ["file", "values", "order"];

    public static readonly IReadOnlyList<string> Orders = ["sequential", "random"];

    public static List<DataSource>? ReadAll(SourceNode node, string path, PlanReadContext context)
    {
        var problems = context.Problems;
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var sources = new List<DataSource>();
        foreach (var (name, key, value) in MappingEntries.Read(mapping, path, problems, StringComparer.Ordinal))
        {
            var field = FieldPath.Child(path, name);
            if (TemplateScope.NameProblem(name, "data source") is { } problem)
            {
                problems.Add(field, key, problem);
                continue;
            }

            if (Read(name, value, field, context) is { } source)
            {
                sources.Add(source);
            }
        }

        return problems.Count == before ? sources : null;
    }

    private static DataSource? Read(string name, SourceNode node, string path, PlanReadContext context)
    {
        var problems = context.Problems;
        if (Values.Mapping(node, path, problems) is not { } mapping)
        {
            return null;
        }

        var before = problems.Count;
        var fields = KnownFields.Read(mapping, path, FieldNames, problems);
        var order = ReadOrder(fields, problems);
        (IReadOnlyList<string> Columns, List<IReadOnlyList<string>> Rows)? table = (fields.Value("file"), fields.Value("values")) switch
        {
            (null, null) => Missing(),
            ({ }, { }) => Both(),
            ({ } file, null) => ReadFile(file, fields.PathOf("file"), context),
            (null, { } values) => ReadValues(values, fields.PathOf("values"), problems),
        };

        if (problems.Count > before || table is not { } rows || order is null)
        {
            return null;
        }

        return new DataSource
        {
            Name = name,
            Columns = rows.Columns,
            Rows = rows.Rows,
            Order = order.Value,
            File = fields.Value("file") is SourceScalar fileName ? fileName.Text : null,
        };

        (IReadOnlyList<string>, List<IReadOnlyList<string>>)? Missing()
        {
            problems.Add(FieldPath.Child(path, "values"), mapping, "a data source needs 'file:' (a CSV file beside the plan) or 'values:' (its rows inline)");
            return null;
        }

        (IReadOnlyList<string>, List<IReadOnlyList<string>>)? Both()
        {
            problems.Add(fields.PathOf("values"), fields.Key("values")!, "set either 'file' or 'values', not both");
            return null;
        }
    }

    private static DataOrder? ReadOrder(KnownFields fields, ProblemList problems)
    {
        if (fields.Value("order") is not { } node)
        {
            return DataOrder.Sequential;
        }

        switch (Values.Text(node, fields.PathOf("order"), problems))
        {
            case null:
                return null;
            case "sequential":
                return DataOrder.Sequential;
            case "random":
                return DataOrder.Random;
            case var other:
                problems.Add(fields.PathOf("order"), node, $"unknown order '{SourceScalar.Shorten(other)}'{ClosestName.Hint(other, Orders)} (known: sequential, random)");
                return null;
        }
    }

    private static (IReadOnlyList<string>, List<IReadOnlyList<string>>)? ReadFile(SourceNode node, string path, PlanReadContext context)
    {
        var problems = context.Problems;
        if (Values.Text(node, path, problems) is not { } fileName)
        {
            return null;
        }

        if (context.Options.ReadDataFile is not { } read)
        {
            problems.Add(path, node,
                $"'{SourceScalar.Shorten(fileName)}' cannot be read here: a plan sent over HTTP has no files beside it, so inline the rows with 'values:' or submit the plan with the CLI (sload run), which inlines them");
            return null;
        }

        string text;
        try
        {
            text = read(fileName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problems.Add(path, node, $"cannot read '{SourceScalar.Shorten(fileName)}': {e.Message}");
            return null;
        }

        if (CsvText.Read(text, out var error) is not { } records)
        {
            problems.Add(path, node, $"{fileName} {error}");
            return null;
        }

        if (records.Count == 0)
        {
            problems.Add(path, node, $"{fileName} is empty: it needs a header row naming the columns, then rows");
            return null;
        }

        var header = records[0];
        var before = problems.Count;
        var columns = new List<string>(header.Fields.Count);
        foreach (var column in header.Fields.Select(c => c.Trim()))
        {
            if (TemplateScope.NameProblem(column, "column") is { } problem)
            {
                problems.Add(path, node, $"{fileName} line {header.Line}: {problem}");
            }
            else if (columns.Contains(column, StringComparer.Ordinal))
            {
                problems.Add(path, node, $"{fileName} line {header.Line}: the column '{column}' appears twice");
            }

            columns.Add(column);
        }

        if (records.Count == 1)
        {
            problems.Add(path, node, $"{fileName} has a header row but no rows");
        }
        else if (records.Count - 1 > MaxRows)
        {
            problems.Add(path, node, $"{fileName} has more than {MaxRows} rows");
        }

        var rows = new List<IReadOnlyList<string>>(records.Count - 1);
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count != columns.Count)
            {
                problems.Add(path, node,
                    $"{fileName} line {record.Line}: expected {columns.Count} values ({string.Join(", ", columns)}), found {record.Fields.Count}");
                continue;
            }

            rows.Add(record.Fields);
        }

        return problems.Count == before ? (columns, rows) : null;
    }

    private static (IReadOnlyList<string>, List<IReadOnlyList<string>>)? ReadValues(SourceNode node, string path, ProblemList problems)
    {
        if (Values.Sequence(node, path, problems) is not { } sequence)
        {
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            problems.Add(path, sequence, "must list at least one row");
            return null;
        }

        var before = problems.Count;
        if (sequence.Items[0] is not SourceMapping first)
        {
            var values = new List<IReadOnlyList<string>>(sequence.Items.Count);
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                if (sequence.Items[i] is SourceMapping or SourceSequence)
                {
                    Values.Expected(sequence.Items[i], FieldPath.Item(path, i), "a value like the first row (rows are all values or all mappings)", problems);
                }
                else if (Values.Text(sequence.Items[i], FieldPath.Item(path, i), problems) is { } text)
                {
                    values.Add([text]);
                }
            }

            return problems.Count == before ? ([ValueColumn], values) : null;
        }

        var columns = MappingEntries.Read(first, FieldPath.Item(path, 0), new ProblemList(), StringComparer.Ordinal).Select(e => e.Name).ToList();
        foreach (var column in columns)
        {
            if (TemplateScope.NameProblem(column, "column") is { } problem)
            {
                problems.Add(FieldPath.Item(path, 0), first, problem);
            }
        }

        var rows = new List<IReadOnlyList<string>>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var rowPath = FieldPath.Item(path, i);
            if (Values.Mapping(sequence.Items[i], rowPath, problems) is not { } row)
            {
                continue;
            }

            var entries = MappingEntries.Read(row, rowPath, problems, StringComparer.Ordinal);
            var keys = entries.Select(e => e.Name).ToList();
            if (!keys.Order(StringComparer.Ordinal).SequenceEqual(columns.Order(StringComparer.Ordinal)))
            {
                problems.Add(rowPath, row, $"expected the columns of the first row ({string.Join(", ", columns)}), found {(keys.Count == 0 ? "none" : string.Join(", ", keys))}");
                continue;
            }

            var cells = new string[columns.Count];
            foreach (var (name, _, value) in entries)
            {
                if (Values.Text(value, FieldPath.Child(rowPath, name), problems) is { } text)
                {
                    cells[columns.IndexOf(name)] = text;
                }
            }

            rows.Add(cells);
        }

        return problems.Count == before ? (columns, rows) : null;
    }
}

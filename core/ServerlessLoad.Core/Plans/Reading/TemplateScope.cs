namespace ServerlessLoad.Core.Plans.Reading;

/// <summary>
/// What the templates of one scenario's steps may read: its data sources, and the variables captured by the steps
/// read so far (a variable must be captured by an earlier step, so even a VU's first iteration has it). Sources are null
/// when the scenario's <c>data:</c> is invalid: its problems are reported there, and data placeholders go unchecked.
/// </summary>
internal sealed class TemplateScope(IReadOnlyList<DataSource>? sources)
{
    public const string Builtins = "vu, iteration, uuid, randomInt A B";

    private readonly HashSet<string> captured = new(StringComparer.Ordinal);

    public void AddCaptures(IEnumerable<Capture> captures) => AddVariables(captures.Select(c => c.Variable));

    /// <summary>Variables stored by a step read so far (an http step's captures, a browser step's capture actions).</summary>
    public void AddVariables(IEnumerable<string> variables)
    {
        foreach (var variable in variables)
        {
            captured.Add(variable);
        }
    }

    /// <summary>Reports every malformed placeholder, undefined variable and unknown data column; true when there are none.</summary>
    public bool Check(string text, string path, SourceNode at, ProblemList problems)
    {
        if (!Template.TryParse(text, out var template, out var error))
        {
            problems.Add(path, at, $"has a malformed template: {error}");
            return false;
        }

        var valid = true;
        foreach (var variable in template.Variables.Distinct(StringComparer.Ordinal))
        {
            if (captured.Contains(variable))
            {
                continue;
            }

            valid = false;
            var known = captured.Count == 0 ? "no earlier step captures anything" : $"captured so far: {string.Join(", ", captured)}";
            problems.Add(path, at,
                $"'{{{{{SourceScalar.Shorten(variable)}}}}}' is not defined: a variable must be captured by an earlier step of the scenario ({known}; built in: {Builtins}){ClosestName.Hint(variable, captured)}");
        }

        foreach (var name in template.DataColumns.Where(d => d.Source == SecretReferences.Source).Select(d => d.Column).Distinct())
        {
            if (SecretReferences.NameProblem(name) is { } secretProblem)
            {
                valid = false;
                problems.Add(path, at, secretProblem);
            }
        }

        foreach (var (source, column) in sources is null ? [] : template.DataColumns.Where(d => d.Source != SecretReferences.Source).Distinct())
        {
            var data = sources!.FirstOrDefault(s => s.Name == source);
            if (data is null)
            {
                valid = false;
                var names = sources!.Select(s => s.Name).ToList();
                problems.Add(path, at, names.Count == 0
                    ? $"'{{{{{SourceScalar.Shorten(source)}.{SourceScalar.Shorten(column)}}}}}' reads the data source '{SourceScalar.Shorten(source)}', but the scenario has no 'data:'"
                    : $"unknown data source '{SourceScalar.Shorten(source)}'{ClosestName.Hint(source, names)} (known: {string.Join(", ", names)})");
            }
            else if (!data.Columns.Contains(column, StringComparer.Ordinal))
            {
                valid = false;
                problems.Add(path, at,
                    $"data source '{source}' has no column '{SourceScalar.Shorten(column)}'{ClosestName.Hint(column, data.Columns)} (columns: {string.Join(", ", data.Columns)})");
            }
        }

        return valid;
    }

    /// <summary>A name a capture or data source may take: usable in a placeholder and not a built-in.</summary>
    public static string? NameProblem(string name, string what)
    {
        if (name.Length == 0 || name.Length > 100 || !(char.IsAsciiLetter(name[0]) || name[0] == '_')
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            return $"{what} name '{SourceScalar.Shorten(name)}' must start with a letter or '_' and hold only letters, digits, '_' or '-' (at most 100)";
        }

        return name is "vu" or "iteration" or "uuid" or "randomInt" or SecretReferences.Source
            ? $"'{name}' is a built-in placeholder ({Builtins}, {SecretReferences.Source}.NAME): choose another {what} name"
            : null;
    }
}

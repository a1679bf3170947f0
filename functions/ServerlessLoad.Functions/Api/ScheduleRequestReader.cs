using System.Text.Json;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Core.Schedules;

namespace ServerlessLoad.Functions.Api;

/// <summary>
/// Reads a schedule from a JSON body: {name, cron, timeZone, plan, planName, enabled}, where plan is the plan's text
/// (YAML or JSON) or the plan itself as a JSON object. Every problem of the body's shape is listed at once.
/// </summary>
internal static class ScheduleRequestReader
{
    private static readonly string[] Known = ["name", "cron", "timeZone", "plan", "planName", "enabled"];

    public static (ScheduleDefinition? Definition, IReadOnlyList<PlanProblem> Problems) Read(string body, string? routeName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return (null, [new PlanProblem("$", e.LineNumber is { } line ? (int)line + 1 : null, $"the body is not JSON: {e.Message}")]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, [new PlanProblem("$", null, "the body must be a JSON object: {name, cron, timeZone, plan | planName, enabled}")]);
            }

            var problems = new List<PlanProblem>();
            foreach (var property in root.EnumerateObject())
            {
                if (!Known.Contains(property.Name, StringComparer.Ordinal))
                {
                    problems.Add(new PlanProblem(Core.Security.InputText.Clean(property.Name), null, $"unknown field; expected {string.Join(", ", Known)}"));
                }
            }

            var name = String(root, "name", problems);
            if (routeName is not null)
            {
                if (name is not null && name != routeName)
                {
                    problems.Add(new PlanProblem("name", null, $"'{Core.Security.InputText.Clean(name)}' differs from the name in the URL, '{Core.Security.InputText.Clean(routeName)}'"));
                }

                name = routeName;
            }

            var cron = String(root, "cron", problems);
            var zone = String(root, "timeZone", problems);
            var planName = String(root, "planName", problems);
            string? plan = null;
            if (root.TryGetProperty("plan", out var planElement))
            {
                plan = planElement.ValueKind switch
                {
                    JsonValueKind.String => planElement.GetString(),
                    JsonValueKind.Object => planElement.GetRawText(),
                    JsonValueKind.Null => null,
                    _ => Wrong(problems, "plan", "must be the plan's text or the plan as a JSON object"),
                };
            }

            var enabled = true;
            if (root.TryGetProperty("enabled", out var enabledElement))
            {
                switch (enabledElement.ValueKind)
                {
                    case JsonValueKind.True or JsonValueKind.False:
                        enabled = enabledElement.GetBoolean();
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        Wrong(problems, "enabled", "must be true or false");
                        break;
                }
            }

            var definition = new ScheduleDefinition(
                name ?? string.Empty,
                cron ?? string.Empty,
                string.IsNullOrWhiteSpace(zone) ? ScheduleDefinition.DefaultTimeZone : zone,
                plan,
                planName,
                enabled);
            return (definition, problems);
        }
    }

    private static string? String(JsonElement root, string field, List<PlanProblem> problems)
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : Wrong(problems, field, "must be a string");
    }

    private static string? Wrong(List<PlanProblem> problems, string field, string message)
    {
        problems.Add(new PlanProblem(field, null, message));
        return null;
    }
}

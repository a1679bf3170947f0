using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace ServerlessLoad.LocalHost;

/// <summary>What starts a function, as its trigger attribute says.</summary>
public abstract record TriggerBinding(ParameterInfo Parameter);

public sealed record HttpBinding(ParameterInfo Parameter, AuthorizationLevel Level, IReadOnlyList<string> Methods, string Route) : TriggerBinding(Parameter);

public sealed record QueueBinding(ParameterInfo Parameter, string QueueName, string Connection) : TriggerBinding(Parameter);

public sealed record TimerBinding(ParameterInfo Parameter, string Schedule, bool RunOnStartup) : TriggerBinding(Parameter);

/// <summary>One [Function] method: its name, where it lives and its trigger (with %settings% still unresolved).</summary>
public sealed record FunctionDefinition(string Name, MethodInfo Method, TriggerBinding Trigger);

/// <summary>
/// The functions of an assembly, read from their [Function] and trigger attributes: the same attributes the
/// Functions SDK compiles into functions.metadata, so the local host and the Functions host serve the same list.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDefinition> Read(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Function is not null)
            .Select(x => new FunctionDefinition(x.Function!.Name, x.Method, TriggerOf(x.Method)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    private static TriggerBinding TriggerOf(MethodInfo method)
    {
        var triggers = method.GetParameters()
            .Select(p => (Parameter: p, Binding: BindingOf(p)))
            .Where(x => x.Binding is not null)
            .Select(x => x.Binding!)
            .ToList();
        return triggers.Count == 1
            ? triggers[0]
            : throw new InvalidOperationException(
                $"{method.DeclaringType?.Name}.{method.Name} has {triggers.Count} trigger parameters; a function has exactly one (HTTP, queue or timer).");
    }

    private static TriggerBinding? BindingOf(ParameterInfo parameter)
    {
        if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } http)
        {
            return new HttpBinding(
                parameter,
                http.AuthLevel,
                (http.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToList(),
                http.Route ?? parameter.Member.GetCustomAttribute<FunctionAttribute>()!.Name);
        }

        if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
        {
            return new QueueBinding(parameter, queue.QueueName, queue.Connection ?? "AzureWebJobsStorage");
        }

        if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
        {
            return new TimerBinding(parameter, timer.Schedule, timer.RunOnStartup);
        }

        return null;
    }
}

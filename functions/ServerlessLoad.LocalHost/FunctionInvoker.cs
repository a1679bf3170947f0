using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace ServerlessLoad.LocalHost;

/// <summary>
/// Calls a [Function] method the way the isolated worker does: a new instance of its class from the services (in a
/// scope of its own) for every invocation, the trigger's value for the trigger parameter, the invocation's
/// cancellation for a CancellationToken, and other parameters by name from the trigger's data (route values, queue
/// message metadata).
/// </summary>
public sealed class FunctionInvoker(IServiceProvider services)
{
    /// <param name="argument">The value of a parameter that is neither the trigger nor a CancellationToken; null when there is none.</param>
    public async Task<object?> InvokeAsync(
        FunctionDefinition function,
        object? triggerValue,
        Func<string, string?> argument,
        CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var method = function.Method;
        var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
        var arguments = method.GetParameters()
            .Select(p => p == function.Trigger.Parameter ? triggerValue
                : p.ParameterType == typeof(CancellationToken) ? ct
                : Convert(argument(p.Name!), p))
            .ToArray();

        object? returned;
        try
        {
            returned = method.Invoke(instance, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        try
        {
            return await ResultOf(method, returned).ConfigureAwait(false);
        }
        finally
        {
            if (instance is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else if (instance is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    /// <summary>The method's result once it completed: the value of a Task&lt;T&gt; or ValueTask&lt;T&gt;, else what it returned.</summary>
    private static async Task<object?> ResultOf(MethodInfo method, object? returned)
    {
        var type = method.ReturnType;
        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                return type.IsGenericType ? type.GetProperty(nameof(Task<int>.Result))!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            case not null when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>):
                var asTask = (Task)type.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)!;
                await asTask.ConfigureAwait(false);
                return asTask.GetType().GetProperty(nameof(Task<int>.Result))!.GetValue(asTask);
            default:
                return returned;
        }
    }

    private static object? Convert(string? raw, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (raw is null)
        {
            return parameter.HasDefaultValue ? parameter.DefaultValue
                : !type.IsValueType || Nullable.GetUnderlyingType(type) is not null ? null
                : throw new InvalidOperationException($"No value for the parameter '{parameter.Name}' of {parameter.Member.Name}.");
        }

        return type == typeof(string) ? raw : TypeDescriptor.GetConverter(type).ConvertFromString(null, CultureInfo.InvariantCulture, raw);
    }
}

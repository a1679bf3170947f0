using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using ServerlessLoad.Core.Histograms;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Compiles the engine's code before the load starts. A generator process compiles each method once, optimized, the
/// first time it runs (see <see cref="GeneratorRuntime"/>); without this the first second of a run would compile the
/// request, response and recording paths on the threads that should be sending, and its arrivals would go out late.
/// Runs once per process, off the caller's thread; a method that cannot be prepared ahead is simply compiled when used.
/// </summary>
public static class EngineWarmUp
{
    private static readonly Lazy<Task<TimeSpan>> Compiled = new(() => Task.Run(CompileAll));

    private static readonly string[] Namespaces = ["ServerlessLoad.Runner.Engine", "ServerlessLoad.Core.Histograms", "ServerlessLoad.Core.Results"];

    /// <summary>Completes (with the time it took) once the engine's methods are compiled.</summary>
    public static Task<TimeSpan> EnsureAsync() => Compiled.Value;

    private static TimeSpan CompileAll()
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var assembly in new[] { typeof(EngineWarmUp).Assembly, typeof(LatencyHistogram).Assembly })
        {
            foreach (var type in assembly.GetTypes())
            {
                if (type.ContainsGenericParameters || !Namespaces.Any(n => type.Namespace?.StartsWith(n, StringComparison.Ordinal) == true))
                {
                    continue;
                }

                const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
                foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
                {
                    if (method.IsAbstract || method.ContainsGenericParameters || (method.MethodImplementationFlags & MethodImplAttributes.InternalCall) != 0
                        || method.Attributes.HasFlag(MethodAttributes.PinvokeImpl))
                    {
                        continue;
                    }

                    try
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or BadImageFormatException or MissingMethodException or TypeLoadException)
                    {
                        // Compiled on first use instead.
                    }
                }
            }
        }

        return Stopwatch.GetElapsedTime(started);
    }
}

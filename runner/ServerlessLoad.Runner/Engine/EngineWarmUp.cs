using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using ServerlessLoad.Core.Histograms;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine;

/// <summary>
/// Compiles and exercises the engine's code before the load starts. A generator process compiles each method once,
/// optimized, the first time it runs (see <see cref="GeneratorRuntime"/>); without this the first second of a run would
/// compile the request, response and recording paths on the threads that should be sending, and its arrivals would go
/// out late. Runs once per process, off the caller's thread; what it misses is simply compiled when used.
/// </summary>
public static class EngineWarmUp
{
    private static readonly Lazy<Task<WarmUpResult>> WarmedUp = new(() => Task.Run(async () =>
    {
        var started = Stopwatch.GetTimestamp();
        CompileAll();
        var requests = await ExerciseAsync().ConfigureAwait(false);
        return new WarmUpResult(Stopwatch.GetElapsedTime(started), requests);
    }));

    private static readonly string[] Namespaces = ["ServerlessLoad.Runner.Engine", "ServerlessLoad.Core.Histograms", "ServerlessLoad.Core.Results"];

    /// <summary>Completes once the engine's methods are compiled and exercised, saying how long that took.</summary>
    public static Task<WarmUpResult> EnsureAsync() => WarmedUp.Value;

    private static void CompileAll()
    {
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
    }

    /// <summary>
    /// Preparing compiles our methods, not the runtime's generic code they instantiate (async builders over each state
    /// machine, socket awaitables): that is compiled the first time it runs, which stalled the first arrivals of a run
    /// by tens of milliseconds. So a short run of each executor kind goes through the real engine against a responder on
    /// a loopback port of this process: no byte reaches any target. Its measurements are dropped.
    /// </summary>
    /// <returns>The requests the exercise completed (0 when it could not run).</returns>
    private static async Task<long> ExerciseAsync()
    {
        try
        {
            // Its own responder on loopback, whatever targets the process allows.
            using var loopbackOnly = TargetGuard.Use(TargetGuard.Loopback);
            await using var responder = LoopbackResponder.Start();
            var target = new Uri($"http://127.0.0.1:{responder.Port}/");
            RequestSpec[] requests = [new RequestSpec { Name = "warm-up", Target = "default", Path = "/" }];
            var plan = new Plan
            {
                Name = "warm-up",
                Targets = new Dictionary<string, Uri> { ["default"] = target },
                Scenarios =
                [
                    new Scenario { Name = "closed", Vus = 2, Duration = WarmUpDuration, Requests = requests },
                    new Scenario
                    {
                        Name = "open",
                        Executor = Core.Plans.Executors.ConstantArrivalRate,
                        Rate = 400,
                        Duration = WarmUpDuration,
                        PreAllocatedVus = 4,
                        MaxVus = 4,
                        Requests = requests,
                    },
                ],
            };
            var startAt = DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50);
            var recorder = new SliceRecorder(startAt, TimeProvider.System);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await SliceExecution.RunAsync(new SliceContext(plan, 0, 1, startAt, recorder, TimeProvider.System), limit.Token).ConfigureAwait(false);
            return recorder.TakeAll("warm-up", 0, 1).Sum(second => second.TotalRequests);
        }
#pragma warning disable CA1031 // A warm-up that fails must not fail the run it prepares.
        catch (Exception)
        {
            // Whatever was not exercised compiles on first use instead.
            return 0;
        }
#pragma warning restore CA1031
    }

    private static readonly TimeSpan WarmUpDuration = TimeSpan.FromMilliseconds(300);
}

/// <summary>How long the warm-up took and how many requests its exercise completed against the loopback responder.</summary>
public sealed record WarmUpResult(TimeSpan Took, long Requests);

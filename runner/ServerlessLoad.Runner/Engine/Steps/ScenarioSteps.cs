using System.Collections.Concurrent;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine.Browser;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>
/// A <c>steps:</c> scenario compiled once per scenario run: every template parsed, every check's and capture's
/// expression parsed, a <see cref="WebSocketStepRunner"/> per websocket step. Compiling is also how a slice validates
/// the steps before any load runs (<see cref="Validate"/>).
/// </summary>
internal sealed class ScenarioSteps
{
    private readonly object[] runners;
    private readonly ConcurrentDictionary<string, CompiledTemplate> templates = new(StringComparer.Ordinal);
    private readonly Scenario scenario;

    public ScenarioSteps(Plan plan, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(scenario);
        this.scenario = scenario;
        Data = scenario.Data;
        UsesCookies = scenario.Cookies;
        runners = [.. scenario.Steps.Select(step => step switch
        {
            HttpStep http => new HttpStepRunner(http, plan, scenario),
            ThinkStep think => (object)think.Think,
            WebSocketStep ws => Compiled(ws, plan, scenario),
            BrowserStep browser => new BrowserStepRunner(browser, plan, scenario),
            _ => throw new NotSupportedException($"Scenario '{scenario.Name}' has a {step.GetType().Name}, which this runner does not support."),
        })];
        var onTransport = new List<RequestSpec>();
        foreach (var http in runners.OfType<HttpStepRunner>().Where(r => r.FitsTransport))
        {
            http.RouteIndex = onTransport.Count;
            onTransport.Add(http.Request);
        }

        SocketEngineRequests = onTransport;
    }

    public IReadOnlyList<DataSource> Data { get; }

    public bool UsesCookies { get; }

    /// <summary>Requests of the steps that the scenario's transport sends as prepared, in route order.</summary>
    public IReadOnlyList<RequestSpec> SocketEngineRequests { get; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the scenario and step when a step cannot run.</summary>
    public static void Validate(Plan plan, Scenario scenario) => _ = new ScenarioSteps(plan, scenario);

    /// <summary>
    /// {{vu}} of the slice's VU <paramref name="number"/> (0-based in the slice): the VUs of earlier slices come first,
    /// using the same split as the slices' shares, so numbers are unique across the run.
    /// </summary>
    public long VuNumber(int sliceIndex, int sliceCount, int number) =>
        (long)((Int128)TotalVus(scenario) * sliceIndex / sliceCount) + number + 1;

    /// <summary>A template of the scenario (websocket texts), parsed on first use and kept.</summary>
    public CompiledTemplate TemplateFor(string text) =>
        templates.GetOrAdd(text, static (t, data) => CompiledTemplate.Compile(t, data, "template"), Data);

    /// <summary>
    /// One iteration of <paramref name="user"/>: every step in order. The first request's latency counts from
    /// <paramref name="intendedTimestamp"/>; false when the scenario stopped during it.
    /// </summary>
    public async Task<bool> RunIterationAsync(StepUser user, long intendedTimestamp, StepServices services, Func<TimeSpan, ValueTask<bool>> pause, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(services);
        user.BeginIteration();
        try
        {
            return await RunStepsAsync(user, intendedTimestamp, services, pause, stop).ConfigureAwait(false);
        }
        finally
        {
            user.EndIteration();
            if (user.Browser is { } browser)
            {
                await BrowserStepRunner.EndIterationAsync(browser, user, services.Clock, stopped: stop.IsCancellationRequested).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> RunStepsAsync(StepUser user, long intendedTimestamp, StepServices services, Func<TimeSpan, ValueTask<bool>> pause, CancellationToken stop)
    {
        var intended = intendedTimestamp;
        foreach (var runner in runners)
        {
            if (stop.IsCancellationRequested)
            {
                return false;
            }

            switch (runner)
            {
                case HttpStepRunner http:
                    var end = await http.RunAsync(user, intended, services, stop).ConfigureAwait(false);
                    intended = 0;
                    if (end == StepEnd.Stopped)
                    {
                        return false;
                    }

                    if (end == StepEnd.EndIteration)
                    {
                        return true;
                    }

                    break;
                case ThinkTime think:
                    if (!await pause(think.Sample(user.Random)).ConfigureAwait(false))
                    {
                        return false;
                    }

                    break;
                case BrowserStepRunner browser:
                    var ended = await browser.RunAsync(user, intended, services, pause, stop).ConfigureAwait(false);
                    intended = 0;
                    if (ended == StepEnd.Stopped)
                    {
                        return false;
                    }

                    if (ended == StepEnd.EndIteration)
                    {
                        return true;
                    }

                    break;
                case WebSocketStepRunner ws:
                    intended = 0;
                    if (!await ws.RunAsync(user.Render, user.User.Shard, services.Clock, stop).ConfigureAwait(false))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    private static WebSocketStepRunner Compiled(WebSocketStep step, Plan plan, Scenario scenario)
    {
        var where = $"Scenario '{scenario.Name}', websocket step '{step.Name}'";
        if (!plan.Targets.ContainsKey(step.Target))
        {
            throw new ArgumentException($"{where} names target '{step.Target}', which the plan does not define.");
        }

        _ = CompiledTemplate.Compile(step.Path, scenario.Data, $"{where}, path");
        foreach (var (name, value) in step.Headers)
        {
            _ = CompiledTemplate.Compile(value, scenario.Data, $"{where}, header {name}");
        }

        foreach (var send in step.Actions.OfType<WebSocketSend>())
        {
            _ = CompiledTemplate.Compile(send.Text, scenario.Data, $"{where}, send");
        }

        return new WebSocketStepRunner(step, plan, scenario);
    }

    /// <summary>The whole run's VUs of the scenario, as its executor splits them across slices.</summary>
    private static int TotalVus(Scenario scenario) => scenario.Executor switch
    {
        Core.Plans.Executors.RampingVus => scenario.Stages.Select(s => s.Target).Append(scenario.StartVus).Max(),
        Core.Plans.Executors.ConstantArrivalRate or Core.Plans.Executors.RampingArrivalRate => scenario.MaxVus,
        _ => scenario.Vus,
    };
}

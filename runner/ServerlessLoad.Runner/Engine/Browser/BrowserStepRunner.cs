using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ServerlessLoad.Core.Plans;
using ServerlessLoad.Runner.Engine.Steps;

namespace ServerlessLoad.Runner.Engine.Browser;

/// <summary>
/// Runs a scenario's browser step for one VU at a time in the VU's page; one instance per step and scenario run. A step
/// records one outcome under its name: its duration (think actions excluded; under arrival-rate executors the first
/// step's latency counts from the intended start), a failure category with a sample and, for the first few failures of
/// each category in the slice, a screenshot. The Web Vitals of the pages it loaded and of its interactions are recorded
/// under its name as <see cref="PageViews"/> says. A failed step ends the iteration: the page is in no known state.
/// </summary>
internal sealed class BrowserStepRunner
{
    private readonly BrowserActionRunner[] actions;
    private readonly Scenario scenario;

    public BrowserStepRunner(BrowserStep step, Plan plan, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(scenario);
        Step = step;
        this.scenario = scenario;
        var where = $"Scenario '{scenario.Name}', browser step '{step.Name}'";
        if (!plan.Targets.TryGetValue(step.Target, out var target))
        {
            throw new ArgumentException($"{where} names target '{step.Target}', which the plan does not define.");
        }

        actions = [.. step.Actions.Select(a => new BrowserActionRunner(a, target, step.Timeout, scenario.Data, where))];
    }

    public BrowserStep Step { get; }

    /// <summary>
    /// Runs the step's actions for <paramref name="user"/>. <paramref name="pause"/> serves its think actions (false when
    /// the scenario stopped meanwhile).
    /// </summary>
    public async Task<StepEnd> RunAsync(StepUser user, long intendedTimestamp, StepServices services, Func<TimeSpan, ValueTask<bool>> pause, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(services);
        var browser = user.Browser ??= new BrowserUser(scenario);
        var clock = services.Clock;
        var shard = user.User.Shard;
        IPage page;
        try
        {
            if (browser.HasPage)
            {
                Record(shard, clock, browser.Views.Between(await browser.SnapshotAsync(settle: false).ConfigureAwait(false)));
            }

            page = await browser.PageAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is PlaywrightException or InvalidOperationException or TimeoutException)
        {
            if (stop.IsCancellationRequested)
            {
                return StepEnd.Stopped;
            }

            // No page to act in (the browser could not start, or crashed): the step fails without running.
            var second = clock.CurrentSecond;
            shard.Record(new RequestOutcome
            {
                Request = Step.Name,
                Second = second,
                Status = RequestOutcome.NoStatus,
                Failed = true,
                FailureCategory = BrowserFailures.Error,
                FailureSample = BrowserFailures.Sample(BrowserFailures.Error, Step.Name, "open a page", e.Message),
            });
            return StepEnd.EndIteration;
        }

        var time = clock.Time;
        var started = time.GetTimestamp();
        long pausedTicks = 0;
        Exception? failure = null;
        BrowserActionRunner? failedAction = null;
        services.Recorder.AddInFlight(1);
        using (stop.Register(static b => ((BrowserUser)b!).Abort(), browser))
        {
            try
            {
                foreach (var action in actions)
                {
                    if (action.Action is BrowserThink think)
                    {
                        var pauseStarted = time.GetTimestamp();
                        var resumed = await pause(think.Think.Sample(user.Random)).ConfigureAwait(false);
                        pausedTicks += time.GetTimestamp() - pauseStarted;
                        if (!resumed)
                        {
                            break;
                        }

                        continue;
                    }

                    try
                    {
                        await action.RunAsync(page, user).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is PlaywrightException or TimeoutException or BrowserStepException or RegexMatchTimeoutException)
                    {
                        (failure, failedAction) = (e, action);
                        break;
                    }
                }
            }
            finally
            {
                services.Recorder.AddInFlight(-1);
            }
        }

        var ended = time.GetTimestamp();
        if (stop.IsCancellationRequested)
        {
            // Cut off by the stop: not measured, like any request still running then.
            browser.Views.Abandon();
            return StepEnd.Stopped;
        }

        var paused = clock.MicrosBetween(0, pausedTicks);
        var outcome = new RequestOutcome
        {
            Request = Step.Name,
            Second = clock.CurrentSecond,
            Status = RequestOutcome.NoStatus,
            LatencyMicros = Math.Max(0, clock.MicrosBetween(intendedTimestamp == 0 ? started : Math.Min(intendedTimestamp, started), ended) - paused),
            ServiceMicros = Math.Max(0, clock.MicrosBetween(started, ended) - paused),
        };
        if (failure is not null)
        {
            var category = BrowserFailures.Categorize(failure, failedAction!.Navigates, failedAction.Expects);
            var sample = BrowserFailures.Sample(category, Step.Name, failedAction.Description, failure.Message);
            outcome = outcome with { Failed = true, FailureCategory = category, FailureSample = sample };
            await ScreenshotAsync(browser, shard, services.Recorder, category, outcome.Second, stop).ConfigureAwait(false);
        }

        shard.Record(in outcome);
        Record(shard, clock, browser.Views.AfterStep(Step.Name, await browser.SnapshotAsync(settle: true).ConfigureAwait(false)));
        return failure is null ? StepEnd.Next : StepEnd.EndIteration;
    }

    /// <summary>The iteration ended: the VU's open page view is recorded (unless stopped) and its page closes.</summary>
    public static Task EndIterationAsync(BrowserUser browser, StepUser user, RunClock clock, bool stopped)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(user);
        return browser.EndIterationAsync(samples => Record(user.User.Shard, clock, samples), stopped);
    }

    private async Task ScreenshotAsync(BrowserUser browser, RecorderShard shard, SliceRecorder recorder, string category, long second, CancellationToken stop)
    {
        if (recorder.Screenshots?.Reserve(category) is not { } name || await browser.ScreenshotAsync().ConfigureAwait(false) is not { } png)
        {
            return;
        }

        if (await recorder.Screenshots.StoreAsync(name, png, stop).ConfigureAwait(false))
        {
            shard.RecordScreenshot(Step.Name, second, name);
        }
    }

    private static void Record(RecorderShard shard, RunClock clock, IReadOnlyList<VitalSample> samples)
    {
        if (samples.Count == 0)
        {
            return;
        }

        var second = clock.CurrentSecond;
        foreach (var sample in samples)
        {
            shard.RecordVital(sample.Request, second, sample.Vital, sample.Value);
        }
    }
}

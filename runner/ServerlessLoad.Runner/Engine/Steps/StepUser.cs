using System.Net;
using System.Text;
using ServerlessLoad.Runner.Engine.Browser;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>
/// What a VU of a <c>steps:</c> scenario carries from step to step and iteration to iteration: its number for
/// <c>{{vu}}</c>, its iteration, the variables its captures stored, its current row of every data source, and its own
/// cookie jar. Only the VU's own loop touches it, so nothing here is locked.
/// </summary>
internal sealed class StepUser : IAsyncDisposable
{
    private HttpMessageInvoker? iterationConnections;

    public StepUser(ScenarioSteps steps, VirtualUser user, long number)
    {
        Steps = steps;
        User = user;
        Number = number;
        Rows = new int[steps.Data.Count];
        Cookies = steps.UsesCookies ? new CookieContainer() : null;
        Render = text => Steps.TemplateFor(text).Render(this);
    }

    public ScenarioSteps Steps { get; }

    public VirtualUser User { get; }

    /// <summary>{{vu}}: 1-based and unique across the slices of the run (the slice's first VU follows the earlier slices' VUs).</summary>
    public long Number { get; }

    /// <summary>{{iteration}}: 0 during the VU's first iteration.</summary>
    public long Iteration { get; private set; } = -1;

    public Random Random => User.Random;

    /// <summary>Values captured by earlier steps; they outlive the iteration.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>The current row of each of the scenario's data sources, by source index.</summary>
    public int[] Rows { get; }

    /// <summary>Null unless the scenario keeps cookies.</summary>
    public CookieContainer? Cookies { get; }

    /// <summary>The VU's browser (context and page), opened by its first browser step; null for VUs without one.</summary>
    public BrowserUser? Browser { get; set; }

    /// <summary>
    /// Renders a template text of the scenario with this VU's state (websocket steps use it). Like the rest of the VU's
    /// state it belongs to the VU's own loop: renders share one buffer, so they must not run concurrently.
    /// </summary>
    public Func<string, string> Render { get; }

    /// <summary>
    /// The VU's connections for its current iteration (<c>newConnectionPerIteration</c>): opened by the iteration's first
    /// request, reused by its later steps, closed by <see cref="EndIteration"/>.
    /// </summary>
    public HttpMessageInvoker IterationConnections(HttpRequestSender sender) => iterationConnections ??= sender.NewIterationInvoker();

    /// <summary>Closes the iteration's own connections, if it opened any.</summary>
    public void EndIteration()
    {
        iterationConnections?.Dispose();
        iterationConnections = null;
    }

    /// <summary>The VU ends: its browser context closes.</summary>
    public ValueTask DisposeAsync() => Browser?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Reused by every render of this VU.</summary>
    internal StringBuilder Text { get; } = new();

    /// <summary>
    /// Moves to the next iteration: sequential sources advance one row (VU n starts at row n - 1), random ones draw a
    /// row from the VU's random sequence.
    /// </summary>
    public void BeginIteration()
    {
        Iteration++;
        for (var i = 0; i < Rows.Length; i++)
        {
            var source = Steps.Data[i];
            var count = source.Rows.Count;
            Rows[i] = count == 0
                ? 0
                : source.Order == Core.Plans.DataOrder.Random
                    ? Random.Next(count)
                    : (int)(((Number - 1) + Iteration) % count);
        }
    }
}

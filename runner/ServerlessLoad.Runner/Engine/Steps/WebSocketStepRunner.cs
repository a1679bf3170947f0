using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Text;
using System.Text.RegularExpressions;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>Runs a scenario's websocket step for one VU at a time; one instance per step and scenario run.</summary>
/// <remarks>
/// What does not change between iterations is worked out once here (the ws:// base address, compiled patterns, the
/// bytes of constant messages); each <see cref="RunAsync"/> is one <see cref="WebSocketConversation"/>.
/// </remarks>
internal sealed class WebSocketStepRunner
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    // One pair of invokers per guard (in practice: per process), shared by every step with the same TLS setting.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TargetGuard, Invokers> ByGuard = [];

    private readonly string socketBase;

    public WebSocketStepRunner(WebSocketStep step, Plan plan, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(scenario);
        Step = step;
        if (!plan.Targets.TryGetValue(step.Target, out var target))
        {
            throw new ArgumentException($"Websocket step '{step.Name}' names target '{step.Target}', which the plan does not define.", nameof(step));
        }

        // http becomes ws and https becomes wss; the rest of the target (host, port, base path) stays.
        var scheme = target.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        socketBase = scheme + target.AbsoluteUri[target.Scheme.Length..].TrimEnd('/');
        var invokers = ByGuard.GetValue(TargetGuard.Current, static guard => new Invokers(guard));
        Invoker = (scenario.InsecureSkipTlsVerify ? invokers.Trusting : invokers.Verifying).Value;
        Description = "WS " + step.Path;
        Patterns = [.. step.Actions.Select(a => a is WebSocketExpect expect ? new Regex(expect.Pattern, RegexOptions.CultureInvariant, MatchTimeout) : null)];
        ConstantMessages = [.. step.Actions.Select(a => a is WebSocketSend send && !send.Text.Contains("{{", StringComparison.Ordinal) ? Encoding.UTF8.GetBytes(send.Text) : null)];
        HasExpect = step.Actions.Any(a => a is WebSocketExpect);
    }

    public WebSocketStep Step { get; }

    /// <summary>Shared by every connection of every step with the same TLS setting: WebSocket connections are never pooled.</summary>
    internal HttpMessageInvoker Invoker { get; }

    /// <summary>"WS /path", for failure samples.</summary>
    internal string Description { get; }

    /// <summary>Per action: the compiled pattern of an expect, null otherwise.</summary>
    internal Regex?[] Patterns { get; }

    /// <summary>Per action: the bytes of a send without placeholders, null otherwise.</summary>
    internal byte[]?[] ConstantMessages { get; }

    internal bool HasExpect { get; }

    /// <summary>
    /// Connects, performs the step's actions and closes, recording <see cref="WebSocketStep.ConnectMetric"/> and
    /// <see cref="WebSocketStep.RoundTripMetric"/> outcomes into <paramref name="shard"/>. <paramref name="render"/>
    /// renders a template text of the step (path, header values, messages) for the VU's current iteration. False when
    /// <paramref name="stop"/> ended the step early (the iteration ends too).
    /// </summary>
    public Task<bool> RunAsync(Func<string, string> render, RecorderShard shard, RunClock clock, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(render);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(clock);
        return new WebSocketConversation(this, render, shard, clock, stop).RunAsync();
    }

    /// <summary>The address to connect to for a rendered path.</summary>
    internal Uri SocketUri(string renderedPath) => new(socketBase + "/" + renderedPath.TrimStart('/'), UriKind.Absolute);

    private static HttpMessageInvoker CreateInvoker(TargetGuard guard, bool insecureSkipTlsVerify)
    {
        var handler = new SocketsHttpHandler
        {
            // Every connection to an address the allow-list admits, checked as it is opened.
            ConnectCallback = (context, ct) => guard.ConnectAsync(context.DnsEndPoint, ct),

            // Load goes straight to the target: through a proxy we would measure the proxy.
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (insecureSkipTlsVerify)
        {
            // The plan asked for it (insecureSkipTLSVerify: self-signed test servers); validation is on otherwise.
#pragma warning disable CA5359
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true };
#pragma warning restore CA5359
        }

        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    private sealed class Invokers(TargetGuard guard)
    {
        public Lazy<HttpMessageInvoker> Verifying { get; } = new(() => CreateInvoker(guard, insecureSkipTlsVerify: false));

        public Lazy<HttpMessageInvoker> Trusting { get; } = new(() => CreateInvoker(guard, insecureSkipTlsVerify: true));
    }
}

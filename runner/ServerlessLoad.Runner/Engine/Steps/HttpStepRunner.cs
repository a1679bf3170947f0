using System.Globalization;
using System.Net;
using System.Text;
using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine.Steps;

/// <summary>
/// Runs one http step for a VU: renders the request from its precompiled templates, sends it, reads the response (up
/// to <see cref="StepResponse.MaxBody"/> of its body when a check or capture reads it), evaluates the checks, stores
/// the captures and records one outcome.
/// </summary>
/// <remarks>
/// A step whose request is constant and whose checks read only the status and latency (no captures, no cookies, no new
/// connection per iteration) goes through the scenario's <see cref="ScenarioTransport"/>, so it uses the socket engine
/// (HTTP/1.1 or HTTP/2, clear text or TLS) as <c>requests:</c> do. Every other step goes through SocketsHttpHandler
/// (<see cref="HttpRequestSender"/>): it needs the response headers or body, per-VU cookies, a request rendered per
/// iteration or connections of the VU's iteration, none of which the socket engine's shared pool, prebuilt requests and
/// header-skipping parser offer.
/// </remarks>
internal sealed class HttpStepRunner
{
    private readonly RequestSpec spec;
    private readonly Uri baseUri;
    private readonly Uri? constantUri;
    private readonly CompiledTemplate path;
    private readonly HttpMethod method;
    private readonly Version version;
    private readonly (string Name, CompiledTemplate Value)[] headers;
    private readonly (string Name, CompiledTemplate Value)[] contentHeaders;
    private readonly CompiledTemplate? body;
    private readonly CompiledCheck[] checks;
    private readonly CompiledCapture[] captures;
    private readonly bool keepBody;
    private readonly string description;
    private readonly bool newConnectionPerIteration;

    public HttpStepRunner(HttpStep step, Plan plan, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(scenario);
        spec = step.Request;
        var where = $"Scenario '{scenario.Name}', step '{spec.Name}'";
        if (!plan.Targets.TryGetValue(spec.Target, out var target))
        {
            throw new ArgumentException($"{where} names target '{spec.Target}', which the plan does not define.");
        }

        baseUri = target;
        try
        {
            method = HttpMethod.Parse(spec.Method);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{where}: '{spec.Method}' is not an HTTP method.", e);
        }

        path = CompiledTemplate.Compile(spec.Path, scenario.Data, $"{where}, path", TemplateEscaping.Query);
        constantUri = path.IsConstant ? PreparedRequest.Join(baseUri, spec.Path) : null;
        version = scenario.HttpVersion == HttpVersions.Http2 ? HttpVersion.Version20 : HttpVersion.Version11;
        var compiled = spec.Headers
            .Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => (h.Key, Value: CompiledTemplate.Compile(h.Value, scenario.Data, $"{where}, header {h.Key}")))
            .ToList();
        headers = [.. compiled.Where(h => !PreparedRequest.IsContentHeader(h.Key))];
        body = spec.Body is null ? null : CompiledTemplate.Compile(spec.Body, scenario.Data, $"{where}, body", BodyEscaping(spec));
        var content = compiled.Where(h => PreparedRequest.IsContentHeader(h.Key)).ToList();
        if (spec.ContentType is { } contentType && !content.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            content.Insert(0, ("Content-Type", CompiledTemplate.Compile(contentType, scenario.Data, $"{where}, contentType")));
        }

        contentHeaders = body is null ? [] : [.. content];
        checks = [.. step.Checks.Select(c => new CompiledCheck(c, where))];
        captures = [.. step.Captures.Select(c => new CompiledCapture(c, where))];
        keepBody = checks.Any(c => c.NeedsBody) || captures.Any(c => c.NeedsBody);
        description = $"{method.Method} {spec.Path}";
        FitsTransport = path.IsConstant && headers.All(h => h.Value.IsConstant) && contentHeaders.All(h => h.Value.IsConstant)
            && body?.IsConstant != false && captures.Length == 0 && !scenario.Cookies && !scenario.NewConnectionPerIteration
            && step.Checks.All(c => c.Kind is CheckKind.Status or CheckKind.LatencyUnder);
        newConnectionPerIteration = scenario.NewConnectionPerIteration;
    }

    public string Name => spec.Name;

    public RequestSpec Request => spec;

    /// <summary>Whether the request can be sent as prepared once (on the socket engine) and judged on status and latency alone.</summary>
    public bool FitsTransport { get; }

    /// <summary>The step's route in the scenario's transport; -1 when it goes through HttpClient here.</summary>
    public int RouteIndex { get; set; } = -1;

    /// <summary>
    /// Sends the step's request for <paramref name="user"/> and records its outcome; its latency counts from
    /// <paramref name="intendedTimestamp"/> (0: from the send).
    /// </summary>
    public Task<StepEnd> RunAsync(StepUser user, long intendedTimestamp, StepServices services, CancellationToken stop) =>
        RouteIndex >= 0 ? RunOnTransportAsync(user, intendedTimestamp, services, stop) : RunRenderedAsync(user, intendedTimestamp, services, stop);

    private async Task<StepEnd> RunOnTransportAsync(StepUser user, long intendedTimestamp, StepServices services, CancellationToken stop)
    {
        var route = services.Transport.Routes[RouteIndex];
        if (await services.Transport.SendAsync(route, intendedTimestamp, user.User.ConnectionWaiter, stop).ConfigureAwait(false) is not { } sent)
        {
            return StepEnd.Stopped;
        }

        if (checks.Length == 0)
        {
            user.User.Shard.Record(in sent);
            return StepEnd.Next;
        }

        var failure = sent.FailureCategory;
        var sample = sent.FailureSample;
        var shownStatus = failure is null || failure == FailureClassifier.Status ? sent.Status : 0;
        using var seen = new StepResponse(shownStatus, null, [], 0, sent.LatencyMicros);
        var failedChecks = Judge(seen, ref failure, ref sample);
        var outcome = sent with
        {
            Failed = failure is not null,
            FailureCategory = failure,
            FailureSample = sample,
            Checks = checks.Length,
            ChecksFailed = failedChecks,
        };
        user.User.Shard.Record(in outcome);
        return StepEnd.Next;
    }

    private async Task<StepEnd> RunRenderedAsync(StepUser user, long intendedTimestamp, StepServices services, CancellationToken stop)
    {
        var clock = services.Clock;
        using var timeout = new CancellationTokenSource(spec.Timeout, clock.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        var status = 0;
        long received = 0;
        long headersAt = 0;
        string? failure = null;
        string? sample = null;
        HttpResponseMessage? response = null;
        HttpRequestMessage? message = null;
        long bytesSent = 0;
        byte[]? kept = null;
        var keptLength = 0;
        var started = clock.Time.GetTimestamp();
        services.Recorder.AddInFlight(1);
        try
        {
            // Inside the try: a rendered path that is no URI fails this request (category error), not the VU.
            var uri = constantUri ?? PreparedRequest.Join(baseUri, path.Render(user));
            message = BuildMessage(user, uri, out bytesSent);
            var iteration = newConnectionPerIteration ? user.IterationConnections(services.Sender) : null;
            response = await services.Sender.SendMessageAsync(message, spec.Name, iteration, linked.Token).ConfigureAwait(false);
            headersAt = clock.Time.GetTimestamp();
            status = (int)response.StatusCode;
            received = HttpRequestSender.ApproximateHeaderBytes(response);
            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                (kept, keptLength, var total) = await BoundedBody.ReadAsync(stream, keepBody, linked.Token).ConfigureAwait(false);
                received += total;
            }

            if (user.Cookies is { } jar)
            {
                KeepCookies(jar, uri, response);
            }

            if (!spec.IsExpected(status))
            {
                failure = FailureClassifier.Status;
                sample = $"HTTP {status} {description}";
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            response?.Dispose();
            ReturnBody(kept);
            return StepEnd.Stopped;
        }
        catch (Exception exception)
        {
            failure = FailureClassifier.Categorize(exception);
            sample = FailureClassifier.Sample(failure, description, exception);
        }
        finally
        {
            services.Recorder.AddInFlight(-1);
            message?.Dispose();
        }

        var ended = clock.Time.GetTimestamp();
        var latency = clock.MicrosBetween(intendedTimestamp == 0 ? started : Math.Min(intendedTimestamp, started), ended);
        var end = StepEnd.Next;
        int failedChecks;
        using (response)
        using (var seen = new StepResponse(failure is null || failure == FailureClassifier.Status ? status : 0, response, kept ?? [], keptLength, latency))
        {
            failedChecks = Judge(seen, ref failure, ref sample);
            if (!Capture(user, seen, ref failure, ref sample))
            {
                end = StepEnd.EndIteration;
            }
        }

        ReturnBody(kept);
        var outcome = new RequestOutcome
        {
            Request = spec.Name,
            Second = clock.CurrentSecond,
            Status = status,
            LatencyMicros = latency,
            ServiceMicros = clock.MicrosBetween(started, ended),
            TimeToFirstByteMicros = headersAt == 0 ? -1 : clock.MicrosBetween(started, headersAt),
            Failed = failure is not null,
            FailureCategory = failure,
            FailureSample = sample,
            BytesSent = bytesSent,
            BytesReceived = received,
            Checks = checks.Length,
            ChecksFailed = failedChecks,
        };
        user.User.Shard.Record(in outcome);
        return end;
    }

    /// <summary>
    /// Evaluates every check (all count, even on a response that already failed); the first failing one makes the
    /// request a check failure unless it failed for another reason already.
    /// </summary>
    private int Judge(StepResponse response, ref string? failure, ref string? sample)
    {
        var failed = 0;
        foreach (var check in checks)
        {
            if (check.Evaluate(response) is not { } found)
            {
                continue;
            }

            failed++;
            if (failure is null)
            {
                failure = FailureClassifier.Check;
                sample = $"check '{check.Description}' failed: {found}";
            }
        }

        return failed;
    }

    /// <summary>Stores every capture; false when one found nothing (the iteration ends: later steps would miss it).</summary>
    private bool Capture(StepUser user, StepResponse response, ref string? failure, ref string? sample)
    {
        foreach (var capture in captures)
        {
            if (capture.TryCapture(response, out var value))
            {
                user.Variables[capture.Capture.Variable] = value;
                continue;
            }

            if (failure is null)
            {
                failure = FailureClassifier.Capture;
                sample = $"{capture.MissSample} in {description}";
            }

            return false;
        }

        return true;
    }

    private HttpRequestMessage BuildMessage(StepUser user, Uri uri, out long bytesSent)
    {
        const int lineEnd = 2;
        const int separator = 2;
        var message = new HttpRequestMessage(method, uri) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        bytesSent = method.Method.Length + 1 + uri.PathAndQuery.Length + " HTTP/1.1".Length + lineEnd
            + "Host".Length + separator + uri.Authority.Length + lineEnd + lineEnd;
        foreach (var (name, value) in headers)
        {
            var text = value.Render(user);
            message.Headers.TryAddWithoutValidation(name, text);
            bytesSent += name.Length + separator + text.Length + lineEnd;
        }

        if (user.Cookies?.GetCookieHeader(uri) is { Length: > 0 } cookies)
        {
            message.Headers.TryAddWithoutValidation("Cookie", cookies);
            bytesSent += "Cookie".Length + separator + cookies.Length + lineEnd;
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body.Render(user));
            var payload = new ByteArrayContent(bytes);
            foreach (var (name, value) in contentHeaders)
            {
                var text = value.Render(user);
                payload.Headers.TryAddWithoutValidation(name, text);
                bytesSent += name.Length + separator + text.Length + lineEnd;
            }

            message.Content = payload;
            bytesSent += "Content-Length".Length + separator + bytes.Length.ToString(CultureInfo.InvariantCulture).Length + lineEnd + bytes.Length;
        }

        return message;
    }

    /// <summary>Values placed in a form body are percent-encoded, in a JSON body escaped for a JSON string; others go as they are.</summary>
    private static TemplateEscaping BodyEscaping(RequestSpec spec)
    {
        var contentType = spec.ContentType
            ?? spec.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value
            ?? string.Empty;
        return contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ? TemplateEscaping.Form
            : contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? TemplateEscaping.Json
            : TemplateEscaping.None;
    }

    private static void KeepCookies(CookieContainer jar, Uri uri, HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            try
            {
                jar.SetCookies(uri, value);
            }
            catch (CookieException)
            {
                // A malformed cookie is the target's problem; the VU carries on without it, as a browser would.
            }
        }
    }

    private static void ReturnBody(byte[]? kept)
    {
        if (kept is not null)
        {
            BoundedBody.Return(kept);
        }
    }
}

/// <summary>How a step ended for the iteration: go on, end the iteration (a capture missed), or the scenario stopped.</summary>
internal enum StepEnd
{
    Next,
    EndIteration,
    Stopped,
}

/// <summary>What steps send and measure with, per scenario run.</summary>
internal sealed record StepServices(HttpRequestSender Sender, ScenarioTransport Transport, RunClock Clock, SliceRecorder Recorder);

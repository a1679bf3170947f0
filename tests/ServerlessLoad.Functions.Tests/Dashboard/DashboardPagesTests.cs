using System.Net;
using System.Text.RegularExpressions;
using ServerlessLoad.Functions.Api.Edge;
using ServerlessLoad.Functions.Dashboard;
using ServerlessLoad.Functions.Tests.Pipeline;
using ServerlessLoad.Functions.Tests.Support;
using ServerlessLoad.Testing;

namespace ServerlessLoad.Functions.Tests.Dashboard;

/// <summary>The dashboard's files: served from the assembly to anyone, under a CSP that lets only its own script run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class DashboardPagesTests(AzuriteFixture azurite) : IDisposable
{
    private readonly SecuredApi api = new(azurite, "dash");

    public void Dispose() => api.Dispose();

    [Fact]
    public async Task The_page_is_served_without_a_key_under_the_dashboard_policy_and_holds_no_inline_script_or_style()
    {
        using var response = await api.Anonymous.GetAsync("/dashboard");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        Csp(response).ShouldBe(DashboardAssets.ContentSecurityPolicy);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        var html = await response.Content.ReadAsStringAsync();
        var scripts = ScriptTag().Matches(html);
        scripts.Count.ShouldBe(1);
        scripts[0].Groups["src"].Value.ShouldBe("/dashboard/assets/dashboard.js");
        scripts[0].Groups["body"].Value.ShouldBeEmpty();
        html.ShouldNotContain("style=");
        InlineHandler().IsMatch(html).ShouldBeFalse();
    }

    [Fact]
    public void The_policy_runs_only_this_origins_script_and_fetches_only_from_it()
    {
        var policy = DashboardAssets.ContentSecurityPolicy.Split(';', StringSplitOptions.TrimEntries);

        policy.ShouldContain("default-src 'none'");
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain("connect-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");
        DashboardAssets.ContentSecurityPolicy.ShouldNotContain("unsafe");
    }

    [Fact]
    public async Task The_script_and_stylesheet_are_served_with_an_etag_and_a_repeat_is_not_modified()
    {
        using var script = await api.Anonymous.GetAsync("/dashboard/assets/dashboard.js");
        script.StatusCode.ShouldBe(HttpStatusCode.OK);
        script.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        Csp(script).ShouldBe(DashboardAssets.ContentSecurityPolicy);
        var etag = script.Headers.ETag!.Tag;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/assets/dashboard.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var notModified = await api.Anonymous.SendAsync(again);
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);

        using var style = await api.Anonymous.GetAsync("/dashboard/assets/dashboard.css");
        style.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
    }

    [Theory]
    [InlineData("/dashboard/assets/missing.js")]
    [InlineData("/dashboard/assets/index.html")]
    [InlineData("/dashboard/assets/..%2F..%2Fhost.json")]
    public async Task Nothing_but_the_embedded_files_is_served(string path)
    {
        using var response = await api.Anonymous.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_API_keeps_its_own_policy_that_runs_no_script()
    {
        using var response = await api.Anonymous.GetAsync("/healthz");

        Csp(response).ShouldBe(ApiEdge.ContentSecurityPolicy);
    }

    [Fact]
    public async Task The_dashboard_answers_only_its_own_host_names()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
        request.Headers.Host = "attacker.example";

        using var response = await api.Anonymous.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public void The_script_keeps_the_key_in_the_tab_and_writes_text_never_markup()
    {
        var script = System.Text.Encoding.UTF8.GetString(DashboardAssets.Find("dashboard.js")!.Data);

        script.ShouldContain("sessionStorage");
        script.ShouldContain("'x-functions-key'");
        script.ShouldContain("credentials = 'omit'");
        foreach (var risky in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "document.cookie", "localStorage", "eval(", "new Function" })
        {
            script.ShouldNotContain(risky);
        }
    }

    private static string Csp(HttpResponseMessage response) => string.Join(";", response.Headers.GetValues("Content-Security-Policy"));

    [GeneratedRegex("""<script\b[^>]*\bsrc="(?<src>[^"]*)"[^>]*>(?<body>[\s\S]*?)</script>|<script\b[^>]*>(?<body>[\s\S]*?)</script>""")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("""\son[a-z]+\s*=""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}

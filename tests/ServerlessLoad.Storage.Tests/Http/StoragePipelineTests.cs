using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ServerlessLoad.Storage.Tests.Http;

/// <summary>What actually goes on the wire, seen by a recording HTTP handler behind the real Azure.Core transport.</summary>
public sealed class StoragePipelineTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static (StorageClientOptions Options, RecordingHandler Handler) Recording(Func<HttpResponseMessage> respond)
    {
        var handler = new RecordingHandler(respond);
        var options = new StorageClientOptions { TimeProvider = new FixedTime(Now), Transport = new HttpClientTransport(handler) };
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        return (options, handler);
    }

    [Fact]
    public async Task Key_accounts_sign_each_request_with_the_injected_clock_and_the_service_version()
    {
        var (options, handler) = Recording(() => new HttpResponseMessage(HttpStatusCode.Created));
        var account = StorageAccount.Parse($"AccountName=acct;AccountKey={Key}", options);

        await account.GetQueue("jobs").SendAsync("hi");

        var request = handler.Requests.ShouldHaveSingleItem();
        request.Uri.ShouldBe(new Uri("https://acct.queue.core.windows.net/jobs/messages"));
        request.Headers["x-ms-date"].ShouldBe("Fri, 01 Mar 2024 12:00:00 GMT");
        request.Headers["x-ms-version"].ShouldBe("2021-12-02");
        request.Headers["Authorization"].ShouldMatch(@"^SharedKey acct:[A-Za-z0-9+/]{43}=$");
        request.Headers["Content-Type"].ShouldBe("application/xml");
    }

    [Fact]
    public async Task A_service_that_refuses_every_try_fails_with_status_0_after_the_retries()
    {
        var port = ServerlessLoad.Testing.TestPorts.GetFree();
        var options = new StorageClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        var account = StorageAccount.Parse(StorageAccount.DevelopmentConnectionString(port, port, port), options);

        var refused = await Should.ThrowAsync<StorageException>(() => account.GetQueue("jobs").GetApproximateLengthAsync());

        refused.Status.ShouldBe(0);
        refused.ErrorCode.ShouldBe("ServiceUnreachable");
        refused.Message.ShouldContain("3 tries");
    }

    [Fact]
    public async Task Each_retry_is_signed_again()
    {
        var responses = new Queue<HttpStatusCode>([HttpStatusCode.ServiceUnavailable, HttpStatusCode.NoContent]);
        var (options, handler) = Recording(() => new HttpResponseMessage(responses.Dequeue()));
        var account = StorageAccount.Parse($"AccountName=acct;AccountKey={Key}", options);

        await account.GetQueue("jobs").ClearAsync();

        handler.Requests.Count.ShouldBe(2);
        handler.Requests.ShouldAllBe(r => r.Headers.ContainsKey("Authorization") && r.Headers.ContainsKey("x-ms-date"));
    }

    [Fact]
    public async Task Credential_accounts_send_a_bearer_token_for_the_storage_scope()
    {
        var (options, handler) = Recording(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK);
            response.Headers.Add("x-ms-approximate-messages-count", "3");
            return response;
        });
        var credential = new FixedTokenCredential("token-123");
        var account = StorageAccount.FromCredential("acct", credential, options: options);

        var length = await account.GetQueue("jobs").GetApproximateLengthAsync();

        length.ShouldBe(3);
        credential.Scopes.ShouldBe(["https://storage.azure.com/.default"]);
        var request = handler.Requests.ShouldHaveSingleItem();
        request.Uri.ShouldBe(new Uri("https://acct.queue.core.windows.net/jobs?comp=metadata"));
        request.Headers["Authorization"].ShouldBe("Bearer token-123");
    }

    [Fact]
    public async Task A_service_error_becomes_a_storage_exception_with_status_code_and_message()
    {
        var (options, _) = Recording(() => new HttpResponseMessage(HttpStatusCode.Forbidden)
        {
            Content = new StringContent(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthorizationFailure</Code><Message>This request is not authorized.\nRequestId:1</Message></Error>"),
        });
        var account = StorageAccount.Parse($"AccountName=acct;AccountKey={Key}", options);

        var error = await Should.ThrowAsync<StorageException>(() => account.GetContainer("reports").GetAsync("a.png"));

        error.Status.ShouldBe(403);
        error.ErrorCode.ShouldBe("AuthorizationFailure");
        error.Message.ShouldBe("Storage request GET /reports/a.png failed with 403 AuthorizationFailure: This request is not authorized.");
    }

    [Fact]
    public async Task Blob_names_are_encoded_per_segment_keeping_slashes()
    {
        var (options, handler) = Recording(() => new HttpResponseMessage(HttpStatusCode.NotFound));
        var account = StorageAccount.Parse($"AccountName=acct;AccountKey={Key}", options);

        await account.GetContainer("reports").GetAsync("r1/charts/p99 #1.png");

        handler.Requests.ShouldHaveSingleItem().Uri.AbsolutePath.ShouldBe("/reports/r1/charts/p99%20%231.png");
    }

    private sealed record RecordedRequest(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers);

    private sealed class RecordingHandler(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        public List<RecordedRequest> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
            {
                headers[header.Key] = string.Join(",", header.Value);
            }

            Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, headers));
            return Task.FromResult(respond());
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class FixedTokenCredential(string token) : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

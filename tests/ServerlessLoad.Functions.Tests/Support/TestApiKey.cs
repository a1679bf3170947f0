namespace ServerlessLoad.Functions.Tests.Support;

/// <summary>The function key the in-process API tests give the local host and send with every call.</summary>
public static class TestApiKey
{
    public const string Value = "test-key-3b7e1c0d9a4f";

    public static HttpClient Authorize(this HttpClient client)
    {
        client.DefaultRequestHeaders.Add("x-functions-key", Value);
        return client;
    }
}

using Azure.Core;

namespace ServerlessLoad.Storage.Tests;

/// <summary>A token credential for tests that must never ask for a token.</summary>
internal sealed class UnusedCredential : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No token is needed by these tests.");

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No token is needed by these tests.");
}

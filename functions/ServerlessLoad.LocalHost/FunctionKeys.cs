using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Functions.Worker;

namespace ServerlessLoad.LocalHost;

/// <summary>
/// The local host's stand-in for the Functions host's keys: functions above AuthorizationLevel.Anonymous need the key
/// of the setting Sload:ApiKey, in the x-functions-key header or the code query parameter, as in Azure. Without a key
/// configured nothing but the anonymous functions answers: a stack nobody gave a key is closed, not open.
/// </summary>
public sealed class FunctionKeys(IConfiguration configuration)
{
    public const string Header = "x-functions-key";
    public const string QueryParameter = "code";
    public const string Setting = "Sload:ApiKey";

    // Compared as hashes, so the comparison takes the same time whatever the length of what was presented.
    private readonly byte[]? keyHash = configuration[Setting] is { Length: > 0 } text ? SHA256.HashData(Encoding.UTF8.GetBytes(text)) : null;

    public bool IsConfigured => keyHash is not null;

    public bool Allows(AuthorizationLevel level, HttpRequest request)
    {
        if (level == AuthorizationLevel.Anonymous)
        {
            return true;
        }

        if (keyHash is null)
        {
            return false;
        }

        var presented = request.Headers[Header].FirstOrDefault() ?? request.Query[QueryParameter].FirstOrDefault();
        return presented is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), keyHash);
    }
}

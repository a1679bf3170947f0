using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Functions.Worker;

namespace ServerlessLoad.LocalHost;

/// <summary>
/// The local host's stand-in for the Functions host's keys: functions above AuthorizationLevel.Anonymous need the key
/// of the setting Sload:ApiKey, in the x-functions-key header or the code query parameter, as in Azure.
/// </summary>
public sealed class FunctionKeys(IConfiguration configuration)
{
    public const string Header = "x-functions-key";
    public const string QueryParameter = "code";

    private readonly byte[]? key = configuration["Sload:ApiKey"] is { Length: > 0 } text ? Encoding.UTF8.GetBytes(text) : null;

    public bool IsRequired => key is not null;

    public bool Allows(AuthorizationLevel level, HttpRequest request)
    {
        if (level == AuthorizationLevel.Anonymous || key is null)
        {
            return true;
        }

        var presented = request.Headers[Header].FirstOrDefault() ?? request.Query[QueryParameter].FirstOrDefault();
        return presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), key);
    }
}

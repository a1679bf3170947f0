using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;

namespace ServerlessLoad.Runner.Engine;

/// <summary>Maps what went wrong with a request to a failure category a load-testing user can act on.</summary>
internal static class FailureClassifier
{
    public const string Status = "status";
    public const string Timeout = "timeout";
    public const string Refused = "refused";
    public const string Reset = "reset";
    public const string Dns = "dns";
    public const string Tls = "tls";
    public const string Error = "error";

    /// <summary>A check on the response did not hold (the status was as expected).</summary>
    public const string Check = "check";

    /// <summary>A capture found nothing in the response; the VU's iteration ended there.</summary>
    public const string Capture = "capture";

    /// <summary>
    /// The most specific cause wins: a socket error anywhere in the chain, then TLS, then what the HTTP stack says,
    /// then a broken stream. Cancellation reaching here is the request's own timeout (the run's token is handled before).
    /// </summary>
    public static string Categorize(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket && Of(socket.SocketErrorCode) is { } category)
            {
                return category;
            }
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AuthenticationException:
                    return Tls;
                case OperationCanceledException or TimeoutException:
                    return Timeout;
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }:
                    return Dns;
                case HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }:
                    return Tls;
                case HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return Reset;
            }
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is IOException)
            {
                return Reset;
            }
        }

        return Error;
    }

    /// <summary>A short, single-line example: category, request, and the innermost message for plain errors.</summary>
    public static string Sample(string category, string request, Exception exception)
    {
        if (category != Error)
        {
            return $"{category} {request}";
        }

        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        var message = innermost.Message.ReplaceLineEndings(" ");
        const int maxMessage = 160;
        return $"{innermost.GetType().Name} {request}: {(message.Length > maxMessage ? message[..maxMessage] : message)}";
    }

    /// <summary>The category of a socket error, or null when it names none.</summary>
    public static string? Of(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => Refused,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => Reset,
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => Dns,
        SocketError.TimedOut => Timeout,
        _ => null,
    };
}

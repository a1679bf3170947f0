using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ServerlessLoad.Cli.Target;

/// <summary>
/// A login flow for multi-step plans: <c>POST /login</c> with <c>{"user": "..."}</c> answers <c>{"token": ..., "user":
/// ...}</c>, a <c>session</c> cookie and an <c>X-Session</c> header; <c>GET /me</c> answers <c>{"user": ...}</c> given
/// <c>Authorization: Bearer TOKEN</c> or the cookie, else 401. Tokens carry the user themselves, so the target keeps no
/// state however many logins a load test makes.
/// </summary>
internal static class DemoSessionEndpoints
{
    private const string TokenPrefix = "t.";
    private const string CookieName = "session";
    private const int MaxUserLength = 200;

    public static async Task LoginAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await WriteJsonAsync(context, 405, new { error = "use POST" });
            return;
        }

        string? user;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            user = body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("user", out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            user = null;
        }

        if (string.IsNullOrEmpty(user) || user.Length > MaxUserLength)
        {
            await WriteJsonAsync(context, 400, new { error = "send {\"user\": \"name\"} (1 to 200 characters)" });
            return;
        }

        var token = TokenPrefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(user)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        context.Response.Headers.Append("X-Session", token);
        context.Response.Cookies.Append(CookieName, token, new CookieOptions { HttpOnly = true, Path = "/" });
        await WriteJsonAsync(context, 200, new { token, user });
    }

    public static Task MeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET";
            return WriteJsonAsync(context, 405, new { error = "use GET" });
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            ? authorization["Bearer ".Length..].Trim()
            : context.Request.Cookies[CookieName];
        return UserOf(token) is { } user
            ? WriteJsonAsync(context, 200, new { user })
            : WriteJsonAsync(context, 401, new { error = "log in first: POST /login, then send Authorization: Bearer TOKEN or the session cookie" });
    }

    private static string? UserOf(string? token)
    {
        if (token is null || !token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var encoded = token[TokenPrefix.Length..].Replace('-', '+').Replace('_', '/');
        encoded = encoded.PadRight(encoded.Length + ((4 - (encoded.Length % 4)) % 4), '=');
        var bytes = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, bytes, out var written) && written > 0 ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }

    private static Task WriteJsonAsync(HttpContext context, int status, object body)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, 0, bytes.Length, context.RequestAborted);
    }
}

using System.Buffers;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace ServerlessLoad.Functions.Api.Edge;

/// <summary>What a body may be: its media types and its size in bytes.</summary>
public sealed record BodyRule(string What, long MaxBytes, IReadOnlyList<string> MediaTypes)
{
    /// <summary>A plan: YAML or JSON, at most 1 MiB.</summary>
    public static readonly BodyRule Plan = new("plan", 1024 * 1024, ["application/yaml", "application/x-yaml", "text/yaml", "application/json"]);

    /// <summary>A schedule: a JSON object, at most 256 KiB.</summary>
    public static readonly BodyRule Schedule = new("schedule", 256 * 1024, ["application/json"]);
}

/// <summary>A body read under a <see cref="BodyRule"/>: its text, or the answer to give instead.</summary>
public sealed record BodyRead(string? Text, IResult? Refusal);

/// <summary>
/// Reads request bodies with the limit enforced while reading, whatever the framing: a Content-Length above the limit
/// is refused before a byte is read, and a chunked body is read only up to one byte past the limit. A browser's simple
/// form post (form or text/plain) is refused by its media type before anything is parsed.
/// </summary>
public static class ApiBodies
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<BodyRead> ReadAsync(HttpRequest request, BodyRule rule, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rule);
        if (!IsAllowedMediaType(request.ContentType, rule))
        {
            return new BodyRead(null, ApiProblems.UnsupportedMediaType(rule));
        }

        if (request.ContentLength > rule.MaxBytes)
        {
            return new BodyRead(null, ApiProblems.TooLarge(rule));
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(rule.MaxBytes + 1, 64 * 1024));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > rule.MaxBytes)
                    {
                        return new BodyRead(null, ApiProblems.TooLarge(rule));
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(rule.MaxBytes + 1, (long)buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, (int)Math.Min(buffer.Length - length, rule.MaxBytes + 1 - length)), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > rule.MaxBytes)
                {
                    return new BodyRead(null, ApiProblems.TooLarge(rule));
                }
            }

            try
            {
                return new BodyRead(StrictUtf8.GetString(buffer, 0, length), null);
            }
            catch (DecoderFallbackException)
            {
                return new BodyRead(null, ApiProblems.BadRequest($"The {rule.What} is not UTF-8 text"));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One of the rule's media types; a charset, when given, must be UTF-8.</summary>
    public static bool IsAllowedMediaType(string? contentType, BodyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } mediaType)
        {
            return false;
        }

        var charset = parsed.Charset.Value;
        return rule.MediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase)
            && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }
}

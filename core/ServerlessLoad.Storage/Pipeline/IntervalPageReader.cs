using System.Buffers.Text;
using System.Text.Json;
using ServerlessLoad.Core.Results;

namespace ServerlessLoad.Storage.Pipeline;

/// <summary>
/// Reads a page of Intervals rows (the table service's OData JSON) straight into <see cref="EncodedSliceSecond"/>s: the
/// keys as numbers and the per-request JSON unescaped into UTF-8, with no entity objects or JSON document in between.
/// </summary>
internal static class IntervalPageReader
{
    public static void Read(ReadOnlySpan<byte> page, List<EncodedSliceSecond> into)
    {
        var reader = new Utf8JsonReader(page);
        Next(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var isValue = reader.ValueTextEquals("value"u8);
            Next(ref reader);
            if (!isValue)
            {
                reader.Skip();
                continue;
            }

            Expect(ref reader, JsonTokenType.StartArray);
            while (Next(ref reader) == JsonTokenType.StartObject)
            {
                into.Add(ReadRow(ref reader));
            }

            Expect(ref reader, JsonTokenType.EndArray);
        }
    }

    private static EncodedSliceSecond ReadRow(ref Utf8JsonReader reader)
    {
        int slice = 0, attempt = 0, activeVus = 0;
        long second = 0;
        string? dropped = null, health = null;
        byte[]? first = null;
        SortedDictionary<int, byte[]>? more = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            Next(ref reader);
            if (name.SequenceEqual("Slice"u8))
            {
                slice = checked((int)Number(ref reader));
            }
            else if (name.SequenceEqual("Attempt"u8))
            {
                attempt = checked((int)Number(ref reader));
            }
            else if (name.SequenceEqual("Second"u8))
            {
                second = Number(ref reader);
            }
            else if (name.SequenceEqual("ActiveVus"u8))
            {
                activeVus = checked((int)Number(ref reader));
            }
            else if (name.SequenceEqual("Dropped"u8) && reader.TokenType == JsonTokenType.String)
            {
                dropped = reader.GetString();
            }
            else if (name.SequenceEqual("Health"u8) && reader.TokenType == JsonTokenType.String)
            {
                health = reader.GetString();
            }
            else if (name.StartsWith("Data"u8) && Utf8Parser.TryParse(name[4..], out int chunk, out var used) && used == name.Length - 4 && reader.TokenType == JsonTokenType.String)
            {
                var text = Unescaped(ref reader);
                if (chunk == 0)
                {
                    first = text;
                }
                else
                {
                    (more ??= [])[chunk] = text;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return new EncodedSliceSecond
        {
            Slice = slice,
            Attempt = attempt,
            Second = second,
            ActiveVus = activeVus,
            RequestsJson = more is null ? first ?? [] : (first ?? []).Concat(more.Values.SelectMany(b => b)).ToArray(),
            DroppedJson = dropped,
            HealthJson = health,
        };
    }

    private static byte[] Unescaped(ref Utf8JsonReader reader)
    {
        var escaped = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return reader.ValueSpan.ToArray();
        }

        // Unescaping never makes a string longer.
        var buffer = new byte[escaped];
        var written = reader.CopyString(buffer);
        return written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray();
    }

    // Int32 properties arrive as JSON numbers; Int64 ones as strings with an Edm.Int64 annotation.
    private static long Number(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => reader.GetInt64(),
        JsonTokenType.String when Utf8Parser.TryParse(reader.ValueSpan, out long value, out var used) && used == reader.ValueSpan.Length => value,
        _ => throw new JsonException($"An Intervals row holds {reader.TokenType} where a number belongs."),
    };

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The Intervals page ends early.");

    private static void Next(ref Utf8JsonReader reader, JsonTokenType token)
    {
        Next(ref reader);
        Expect(ref reader, token);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"Expected {token} in an Intervals page, found {reader.TokenType}.");
        }
    }
}

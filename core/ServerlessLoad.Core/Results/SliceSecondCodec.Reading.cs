using System.Globalization;
using System.Text.Json;

namespace ServerlessLoad.Core.Results;

/// <summary>The merge's read path: a row's per-request JSON read in one pass, with no document and no histograms built.</summary>
public static partial class SliceSecondCodec
{
    /// <summary>
    /// Reads the JSON <see cref="EncodeRequests"/> wrote (UTF-8) and calls <paramref name="each"/> once per request name,
    /// in stored order, with <paramref name="scratch"/> refilled for that name. Gives the same figures as
    /// <see cref="DecodeRequests"/>; property names are matched as written (camel case), unknown ones are skipped.
    /// </summary>
    public static void ReadRequests(ReadOnlySpan<byte> utf8Json, EncodedRequestStats scratch, Action<string, EncodedRequestStats> each)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        ArgumentNullException.ThrowIfNull(each);
        var reader = new Utf8JsonReader(utf8Json);
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            scratch.Clear();
            Expect(ref reader, JsonTokenType.StartObject);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                ReadField(ref reader, scratch);
            }

            each(name, scratch);
        }
    }

    private static void ReadField(ref Utf8JsonReader reader, EncodedRequestStats into)
    {
        var field = reader.ValueSpan;
        Next(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        switch (field.Length)
        {
            case 1 when field[0] == (byte)'n':
                into.Requests = Int64(ref reader);
                break;
            case 1 when field[0] == (byte)'f':
                into.Failures = Int64(ref reader);
                break;
            case 1 when field[0] == (byte)'s':
                ReadCounts(ref reader, into.StatusCodes);
                break;
            case 1 when field[0] == (byte)'h':
                ReadHistogram(ref reader, into.Latency);
                break;
            case 1 when field[0] == (byte)'v':
                ReadVitals(ref reader, into);
                break;
            case 2 when field.SequenceEqual("ss"u8):
                ReadStrings(ref reader, into.Screenshots);
                break;
            case 2 when field.SequenceEqual("bs"u8):
                into.BytesSent = Int64(ref reader);
                break;
            case 2 when field.SequenceEqual("br"u8):
                into.BytesReceived = Int64(ref reader);
                break;
            case 2 when field.SequenceEqual("ck"u8):
                into.Checks = Int64(ref reader);
                break;
            case 2 when field.SequenceEqual("cf"u8):
                into.ChecksFailed = Int64(ref reader);
                break;
            case 2 when field.SequenceEqual("fc"u8):
                ReadCounts(ref reader, into.FailureCategories);
                break;
            case 2 when field.SequenceEqual("fs"u8):
                ReadSamples(ref reader, into.FailureSamples);
                break;
            case 2 when field.SequenceEqual("st"u8):
                ReadHistogram(ref reader, into.ServiceTime);
                break;
            case 2 when field.SequenceEqual("tt"u8):
                ReadHistogram(ref reader, into.TimeToFirstByte);
                break;
            case 2 when field.SequenceEqual("ct"u8):
                ReadHistogram(ref reader, into.ConnectTime);
                break;
            default:
                reader.Skip();
                break;
        }
    }

    private static void ReadHistogram(ref Utf8JsonReader reader, EncodedRequestStats.Histogram into)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A histogram is a base64 string, not {reader.TokenType}.");
        }

        // Base64 text never grows when unescaped, so the escaped length bounds the copy.
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var written = reader.CopyString(into.Reserve(length));
        into.SetFromBase64(written);
    }

    private static void ReadVitals(ref Utf8JsonReader reader, EncodedRequestStats into)
    {
        ExpectCurrent(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            Next(ref reader);
            ReadHistogram(ref reader, into.NextVital(name));
        }
    }

    private static void ReadStrings(ref Utf8JsonReader reader, List<string> into)
    {
        ExpectCurrent(ref reader, JsonTokenType.StartArray);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            into.Add(reader.GetString() ?? string.Empty);
        }
    }

    private static void ReadCounts(ref Utf8JsonReader reader, Dictionary<string, long> into)
    {
        ExpectCurrent(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            Next(ref reader);
            into[key] = Int64(ref reader);
        }
    }

    private static void ReadSamples(ref Utf8JsonReader reader, List<(string Category, List<string> Samples)> into)
    {
        ExpectCurrent(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var category = reader.GetString()!;
            Expect(ref reader, JsonTokenType.StartArray);
            var samples = new List<string>();
            while (Next(ref reader) != JsonTokenType.EndArray)
            {
                samples.Add(reader.GetString() ?? string.Empty);
            }

            into.Add((category, samples));
        }
    }

    // Rows are written with numbers; the web defaults they were written under also read numbers given as strings.
    private static long Int64(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => reader.GetInt64(),
        JsonTokenType.String => long.Parse(reader.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture),
        _ => throw new JsonException($"Expected a number, found {reader.TokenType}."),
    };

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The requests JSON ends early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        Next(ref reader);
        ExpectCurrent(ref reader, token);
    }

    private static void ExpectCurrent(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"Expected {token} in the requests JSON, found {reader.TokenType}.");
        }
    }
}
